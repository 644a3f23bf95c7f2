import ArgumentParser
import FairAuditKit

struct Simulate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Generate a stratified sample from one of the paper's simulation scenarios.")

  func run() throws {
    throw ValidationError("simulate is not available yet")
  }
}
