import PlimsollFuzzTargets

/// libFuzzer's entry point: one input for the `image-config` target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer?, _ size: Int) -> Int32 {
  FuzzTargets.run("image-config", data, size)
}
