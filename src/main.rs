//! The `briefpress` command. All logic lives in the library's `cli` module.

/// Typst's layout allocates and frees small objects by the million: mimalloc spends far less
/// time on them than glibc's malloc (BENCHMARKS.md, session 22).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc 3's `mi_option_purge_delay` (its place in `mi_option_t`, `mimalloc.h`): how many
/// milliseconds freed memory is kept before it goes back to the system.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A quarter of a second: long enough that the next brief, or the next band of a cover,
/// reuses what the last one freed instead of faulting fresh pages in (0, memory returned at
/// once, made a 200-brief batch 8 % slower, twice the system time); short enough that a batch
/// does not hold finished briefs' pages (mimalloc's default, a second, let its peak grow by a
/// fifth to a third). BENCHMARKS.md, session 23.
const PURGE_DELAY_MS: std::ffi::c_long = 250;

fn main() {
    // SAFETY: sets a number in mimalloc's option table; any value is valid for this option.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    std::process::exit(briefpress::cli::main());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option's place in the enum is fixed by the mimalloc the lock file pins: its
    /// documented default (1,000 ms) and the next option's place in the bindings tell that
    /// the place is still right.
    #[test]
    fn the_purge_delay_option_is_where_mimalloc_3_puts_it() {
        // SAFETY: reads mimalloc's option table.
        let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000, "mi_option_purge_delay's default");
        assert_eq!(
            MI_OPTION_PURGE_DELAY + 1,
            libmimalloc_sys::mi_option_use_numa_nodes
        );
    }
}
