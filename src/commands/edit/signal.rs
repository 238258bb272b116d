//! Ctrl+C (and SIGTERM) stop the editor's server cleanly: the listening
//! socket is shut down, which ends the accept loop; the server then waits
//! for a save in progress and returns. A second Ctrl+C exits at once.
//!
//! On Unix this is two libc calls, declared here rather than taken from a
//! crate: `libc` is in the tree, but adding it directly could switch on
//! features shared with typst and rebuild it. The handler only uses
//! async-signal-safe calls (`shutdown`, `_exit`) and atomics. Elsewhere
//! Ctrl+C ends the process the default way; saves are atomic either way.

use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};

static STOP: AtomicBool = AtomicBool::new(false);

/// Whether Ctrl+C (or SIGTERM) was received.
pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}

#[cfg(unix)]
mod imp {
    use std::os::fd::AsRawFd;
    use std::sync::atomic::{AtomicI32, Ordering};

    use super::STOP;

    static FD: AtomicI32 = AtomicI32::new(-1);

    const SIGINT: i32 = 2;
    const SIGTERM: i32 = 15;
    const SHUT_RDWR: i32 = 2;

    extern "C" {
        fn signal(signum: i32, handler: usize) -> usize;
        fn shutdown(fd: i32, how: i32) -> i32;
        fn _exit(code: i32) -> !;
    }

    extern "C" fn on_signal(_: i32) {
        if STOP.swap(true, Ordering::SeqCst) {
            // SAFETY: `_exit` is async-signal-safe and never returns.
            unsafe { _exit(130) }
        }
        let fd = FD.load(Ordering::SeqCst);
        if fd >= 0 {
            // SAFETY: `shutdown` is async-signal-safe; the descriptor is
            // the listener's, which lives until the process ends.
            unsafe {
                shutdown(fd, SHUT_RDWR);
            }
        }
    }

    pub fn install(listener: &super::TcpListener) {
        FD.store(listener.as_raw_fd(), Ordering::SeqCst);
        let handler: extern "C" fn(i32) = on_signal;
        // SAFETY: installs a handler that only touches atomics and calls
        // async-signal-safe functions.
        unsafe {
            signal(SIGINT, handler as usize);
            signal(SIGTERM, handler as usize);
        }
    }
}

/// Stop serving `listener` on Ctrl+C.
pub fn install(listener: &TcpListener) {
    #[cfg(unix)]
    imp::install(listener);
    #[cfg(not(unix))]
    let _ = listener;
}
