// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

//! Helpers for cooperative execution time and memory limits.

#![allow(dead_code)]

// govlint patch 91: the execution timer inside builtin calls (needs thread-locals).
#[cfg(feature = "std")]
mod builtin;
// govlint patch 116: a per-thread memory budget counted by the embedder's allocator.
#[cfg(feature = "std")]
pub mod budget;
mod error;
mod length;
#[cfg(all(feature = "allocator-memory-limits", not(miri)))]
mod memory;
mod time;

#[allow(unused_imports)]
pub use error::LimitError;

#[cfg(feature = "std")]
pub use builtin::{checkpoint as builtin_checkpoint, expired as builtin_time_expired, BuiltinScope};

/// govlint patch 91: without std (no thread-locals) builtins are not interrupted.
#[cfg(not(feature = "std"))]
#[inline]
pub const fn builtin_checkpoint(_units: u32) -> core::result::Result<(), LimitError> {
    Ok(())
}

#[cfg(not(feature = "std"))]
#[inline]
pub const fn builtin_time_expired() -> bool {
    false
}

#[cfg(not(feature = "std"))]
pub struct BuiltinScope;

#[cfg(not(feature = "std"))]
impl BuiltinScope {
    pub const fn enter(_timer: &ExecutionTimer) -> Self {
        Self
    }
    pub const fn fired(&self) -> Option<LimitError> {
        None
    }
}

#[allow(unused_imports)]
#[cfg(all(feature = "allocator-memory-limits", not(miri)))]
#[cfg_attr(docsrs, doc(cfg(feature = "allocator-memory-limits")))]
pub use memory::{
    check_global_memory_limit, enforce_memory_limit, flush_thread_memory_counters,
    global_memory_limit, set_global_memory_limit, set_thread_flush_threshold_override,
    thread_memory_flush_threshold, MemoryBudgetConfig,
};
#[cfg(all(feature = "rvm", feature = "allocator-memory-limits", not(miri)))]
pub(crate) use memory::{
    current_memory_budget_usage, current_thread_live_bytes, with_memory_budget_usage_scope,
    MemoryBudgetUsage,
};

#[allow(unused_imports)]
pub use time::{
    fallback_execution_timer_config, monotonic_now, set_fallback_execution_timer_config,
    ExecutionTimer, ExecutionTimerConfig, TimeSource,
};

pub use length::PolicyLengthConfig;
pub(crate) use length::{DEFAULT_MAX_COL, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_LINES};

#[cfg(all(feature = "allocator-memory-limits", not(miri)))]
#[inline]
pub(crate) fn without_memory_budget_scope<R>(operation: impl FnOnce() -> R) -> R {
    mimalloc::limits::with_unowned_memory_budget_scope(operation)
}

#[cfg(any(miri, not(feature = "allocator-memory-limits")))]
#[inline]
pub(crate) fn without_memory_budget_scope<R>(operation: impl FnOnce() -> R) -> R {
    operation()
}

/// Run a binding-side read-only operation without attributing its allocations
/// to an active VM execution budget.
///
/// This doc-hidden bridge is needed by the separately compiled FFI crate,
/// which cannot call the crate-private selector helper. Process-global
/// allocation accounting remains enabled.
#[doc(hidden)]
#[inline]
pub fn with_unowned_memory_budget_scope_for_ffi<R>(operation: impl FnOnce() -> R) -> R {
    without_memory_budget_scope(operation)
}

#[cfg(test)]
pub use time::acquire_limits_test_lock;

#[cfg(any(test, not(feature = "std")))]
#[allow(unused_imports)]
pub use time::{set_time_source, TimeSourceRegistrationError};

#[cfg(all(feature = "allocator-memory-limits", not(miri)))]
#[inline]
pub fn check_memory_limit_if_needed() -> core::result::Result<(), LimitError> {
    memory::check_memory_limit_if_needed()
}

// govlint patch 116: without regorus's allocator build, the memory checks are the per-thread
// budget's (`budget`), when the embedder's allocator counts and an evaluation armed one.
#[cfg(all(feature = "std", any(miri, not(feature = "allocator-memory-limits"))))]
#[inline]
pub fn enforce_memory_limit() -> core::result::Result<(), LimitError> {
    budget::check()
}

#[cfg(all(feature = "std", any(miri, not(feature = "allocator-memory-limits"))))]
#[inline]
pub fn check_memory_limit_if_needed() -> core::result::Result<(), LimitError> {
    budget::check()
}

#[cfg(all(not(feature = "std"), any(miri, not(feature = "allocator-memory-limits"))))]
#[inline]
pub const fn enforce_memory_limit() -> core::result::Result<(), LimitError> {
    Ok(())
}

#[cfg(all(not(feature = "std"), any(miri, not(feature = "allocator-memory-limits"))))]
#[inline]
pub const fn check_memory_limit_if_needed() -> core::result::Result<(), LimitError> {
    Ok(())
}

/// govlint patch 116: the per-thread budget alone, for the time checks that test it as well.
#[cfg(feature = "std")]
#[inline]
pub fn check_memory_budget() -> core::result::Result<(), LimitError> {
    budget::check()
}

#[cfg(not(feature = "std"))]
#[inline]
pub const fn check_memory_budget() -> core::result::Result<(), LimitError> {
    Ok(())
}

/// govlint patch 128: whether `bytes` more may be allocated under the per-thread budget, asked
/// before a builtin grows its output (a failed allocation aborts the process; a refused
/// reservation is the rule's error).
#[cfg(feature = "std")]
#[inline]
pub fn reserve_memory(bytes: usize) -> core::result::Result<(), LimitError> {
    budget::reserve(bytes)
}

#[cfg(not(feature = "std"))]
#[inline]
pub const fn reserve_memory(_bytes: usize) -> core::result::Result<(), LimitError> {
    Ok(())
}
