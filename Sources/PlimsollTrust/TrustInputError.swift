public import Foundation
public import PlimsollDiagnostics

/// Input that verification cannot use (a key file, a keyring, a registries.d directory, a
/// policy file), naming the input and the problem; the command line exits 2 on it.
public struct TrustInputError: Error, Sendable, Equatable, LocalizedError, UnusableInput {
  /// The file or value at fault.
  public var input: String
  /// What is wrong with it.
  public var problem: String

  public init(_ input: String, _ problem: String) {
    self.input = input
    self.problem = problem
  }

  public var errorDescription: String? { "\(input): \(problem)" }
}
