import Foundation

/// A value shared between threads behind a pthread mutex (`NSLock`). Used instead of
/// `Synchronization.Mutex`, whose contended path takes the lock inside the uninstrumented
/// runtime, where ThreadSanitizer cannot see it and so reports races that are not there.
public final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  public init(_ value: Value) { self.value = value }

  /// Runs `body` with the value while holding the lock.
  public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
    lock.lock()
    defer { lock.unlock() }
    return try body(&value)
  }
}
