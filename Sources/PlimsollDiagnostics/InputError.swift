public import Foundation

/// An error reading or decoding input, naming the input and the problem.
public struct InputError: LocalizedError, Sendable, Equatable {
  /// The input: a file path, `archive.tar:blobs/sha256/…`, a layer digest.
  public var input: String
  public var problem: String

  public init(_ input: String, _ problem: String) {
    self.input = input
    self.problem = problem
  }

  public var errorDescription: String? { "\(input): \(problem)" }
}
