import PlimsollFuzzTargets

/// libFuzzer's entry point: one input for the `catalog-rpm-bdb` target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer?, _ size: Int) -> Int32 {
  FuzzTargets.run("catalog-rpm-bdb", data, size)
}
