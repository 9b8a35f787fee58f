module scanner

go 1.19
