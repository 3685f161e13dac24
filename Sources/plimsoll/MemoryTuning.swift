import CPlimsollSystem

/// Process-wide allocator settings for scanning.
///
/// glibc raises its mmap threshold after a large block (a 100 MB binary read for its build
/// info) is freed; later multi-megabyte buffers then come from the heap and stay resident.
/// A fixed 4 MiB threshold returns every large buffer to the system when it is freed, which
/// keeps peak memory near the largest single file rather than growing with fragmentation.
enum MemoryTuning {
  static func apply() {
    _ = plimsoll_set_mmap_threshold(4 << 20)
  }
}
