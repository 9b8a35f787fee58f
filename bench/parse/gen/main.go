// Command gen prints a debug=2 goroutine dump of a real Go process holding N goroutines
// parked in a few different ways (channel receive at several depths, select, sleep, mutex,
// WaitGroup, sync.Cond, IO wait on a pipe), like a service that leaks.
//
//	go run . -n 100000 > goroutines.txt
package main

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

var (
	never   = make(chan int)
	mu      sync.Mutex
	wg      sync.WaitGroup
	condMu  sync.Mutex
	cond    = sync.NewCond(&condMu)
	started sync.WaitGroup
)

//go:noinline
func recvLeaf(id int) { started.Done(); <-never; _ = id }

//go:noinline
func recvMid(id int) { recvLeaf(id) }

//go:noinline
func recvTop(id int) { recvMid(id) }

//go:noinline
func handler(id int, ch chan int) {
	started.Done()
	select {
	case <-ch:
	case <-never:
	}
}

//go:noinline
func poller(id int) { started.Done(); time.Sleep(time.Hour); _ = id }

//go:noinline
func locker(id int) { started.Done(); mu.Lock(); _ = id }

//go:noinline
func waiter(id int) { started.Done(); wg.Wait(); _ = id }

//go:noinline
func condWaiter(id int) {
	condMu.Lock()
	started.Done()
	cond.Wait()
	condMu.Unlock()
}

//go:noinline
func reader(id int, c net.Conn) {
	started.Done()
	buf := make([]byte, 1)
	c.Read(buf)
}

func main() {
	n := flag.Int("n", 100000, "goroutines to park")
	flag.Parse()
	mu.Lock()
	wg.Add(1)
	for i := 0; i < *n; i++ {
		started.Add(1)
		switch k := i % 20; {
		case k < 8:
			go recvTop(i)
		case k < 12:
			go handler(i, make(chan int))
		case k < 14:
			go poller(i)
		case k < 16:
			go locker(i)
		case k < 17:
			go waiter(i)
		case k < 18:
			go condWaiter(i)
		default:
			a, _ := net.Pipe()
			go reader(i, a)
		}
	}
	started.Wait()
	runtime.Gosched()
	time.Sleep(100 * time.Millisecond)
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	if err := pprof.Lookup("goroutine").WriteTo(w, 2); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	w.Flush()
}
