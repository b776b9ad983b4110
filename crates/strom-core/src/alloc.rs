//! A global allocator that survives absurd allocation requests.
//!
//! kafka-protocol 0.18 pre-sizes vectors with `Vec::with_capacity(n)` where `n` is an array
//! count read off the wire. A 19-byte Metadata request claiming 0x7fffffff topics asks for about
//! 150 GB, which the system allocator refuses, and Rust then aborts the whole process. Backing
//! allocations of 1 GiB and more with `MAP_NORESERVE` mappings turns that into a reservation of
//! address space only: the decoder then fails on the missing bytes and the mapping is dropped,
//! without touching memory. Smaller allocations go to the system allocator unchanged.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};

/// Allocations of this size and larger are served by anonymous `MAP_NORESERVE` mappings.
pub const LARGE_ALLOCATION: usize = 1 << 30;
const PAGE: usize = 4096;

/// Install with `#[global_allocator] static A: GuardedAlloc = GuardedAlloc;` in the binary.
pub struct GuardedAlloc;

fn is_large(size: usize, align: usize) -> bool {
    size >= LARGE_ALLOCATION && align <= PAGE
}

fn map(size: usize) -> *mut u8 {
    // SAFETY: an anonymous private mapping with no address hint has no preconditions; failure is
    // reported as MAP_FAILED and turned into a null pointer, which callers treat as OOM.
    let p = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            size,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        std::ptr::null_mut()
    } else {
        p.cast()
    }
}

// SAFETY: every pointer handed out is either from `System` (small layouts) or from `map`
// (large layouts), and the layout passed back to dealloc/realloc decides which one frees it,
// so each pointer is released by the allocator that produced it.
unsafe impl GlobalAlloc for GuardedAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if is_large(layout.size(), layout.align()) {
            map(layout.size())
        } else {
            // SAFETY: forwarded with the caller's guarantees.
            unsafe { System.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if is_large(layout.size(), layout.align()) {
            map(layout.size()) // anonymous mappings are zero-filled
        } else {
            // SAFETY: forwarded with the caller's guarantees.
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if is_large(layout.size(), layout.align()) {
            // SAFETY: `ptr` came from `map` with this exact size (see the impl comment).
            unsafe { libc::munmap(ptr.cast(), layout.size()) };
        } else {
            // SAFETY: forwarded with the caller's guarantees.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old_large = is_large(layout.size(), layout.align());
        let new_large = is_large(new_size, layout.align());
        if !old_large && !new_large {
            // SAFETY: forwarded with the caller's guarantees.
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        if old_large && new_large {
            // SAFETY: `ptr` is a mapping of `layout.size()` bytes from `map`.
            let p =
                unsafe { libc::mremap(ptr.cast(), layout.size(), new_size, libc::MREMAP_MAYMOVE) };
            return if p == libc::MAP_FAILED {
                std::ptr::null_mut()
            } else {
                p.cast()
            };
        }
        // Crossing the threshold: allocate, copy, free.
        // SAFETY: the caller guarantees `new_size` is non-zero and, rounded to the alignment,
        // does not overflow isize, so this is a valid layout.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: `new_layout` is valid as argued above.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both regions are live, distinct, and at least `min(old, new)` bytes long.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_allocation_reserves_address_space_only() {
        // 150 GB, the size the crafted Metadata request asks for; far above this machine's RAM.
        let layout = Layout::from_size_align(154_618_822_584, 8).unwrap();
        let a = GuardedAlloc;
        // SAFETY: non-zero layout; the pointer is freed with the same layout.
        unsafe {
            let p = a.alloc(layout);
            assert!(!p.is_null());
            // Touch a couple of pages to prove it is usable.
            *p = 7;
            *p.add(1 << 20) = 9;
            assert_eq!(*p, 7);
            a.dealloc(p, layout);
        }
    }

    #[test]
    fn realloc_across_the_threshold_keeps_contents() {
        let a = GuardedAlloc;
        let small = Layout::from_size_align(16, 8).unwrap();
        // SAFETY: layouts are valid and each pointer is released with the layout it has.
        unsafe {
            let p = a.alloc(small);
            std::ptr::copy_nonoverlapping(b"0123456789abcdef".as_ptr(), p, 16);
            let big = a.realloc(p, small, LARGE_ALLOCATION + 1);
            assert!(!big.is_null());
            assert_eq!(std::slice::from_raw_parts(big, 16), b"0123456789abcdef");
            let big_layout = Layout::from_size_align(LARGE_ALLOCATION + 1, 8).unwrap();
            let back = a.realloc(big, big_layout, 32);
            assert_eq!(std::slice::from_raw_parts(back, 16), b"0123456789abcdef");
            a.dealloc(back, Layout::from_size_align(32, 8).unwrap());
        }
    }
}
