import ArgumentParser
import FairAuditKit
import Foundation

@main
struct FairAuditCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fairaudit",
    abstract: "Audit a binary scoring model for group fairness, with fair and mixed logistic models (Burgard & Pamplona).",
    discussion: """
      Exit status: 0 audit done and every threshold met; 1 a threshold breached (outputs still written);
      10 input missing/unreadable; 11 malformed CSV; 12 unknown or ambiguous column; 13 target or sensitive
      feature not binary; 14 constant target, sensitive or cluster column; 15 non-finite value; 16 empty group;
      17 conflicting column roles; 18 invalid score or decision column; 19 not enough memory; 20 singular design;
      21 no convergence; 30 template problem;
      31 cannot write output; 64 usage error; 65 bad --config file; 70 internal error; 130/143 interrupted (SIGINT/SIGTERM).
      """,
    version: FairAuditVersion.string,
    subcommands: [Audit.self, Simulate.self, Reproduce.self, Score.self],
    defaultSubcommand: Audit.self
  )

  /// As ArgumentParser's, but every usage error is one line on standard error with exit 64.
  static func main() {
    do {
      let arguments: [String]
      do {
        arguments = try ConfigArguments.expand(Array(CommandLine.arguments.dropFirst()))
      } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        Foundation.exit(error.exitCode)
      }
      var command = try parseAsRoot(arguments)
      try command.run()
    } catch let code as ExitCode {
      Foundation.exit(code.rawValue)
    } catch {
      let status = exitCode(for: error)
      guard status != .success else {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      // One line: the message's lines up to ArgumentParser's "Help:"/"Usage:" hints, joined.
      let lines = message(for: error).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      let kept = lines.prefix { !$0.hasPrefix("Help:") && !$0.hasPrefix("Usage:") }.filter { !$0.isEmpty }
      let first = kept.isEmpty ? "invalid command line" : kept.joined(separator: " ")
      let text = first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first
      FileHandle.standardError.write(
        Data("error: \(MessageText.line(text).replacingOccurrences(of: "\\\"", with: "\"")) (see fairaudit --help)\n".utf8))
      Foundation.exit(status == .validationFailure ? 64 : status.rawValue)
    }
  }
}

/// Runs `body`, mapping `FairAuditError` to its one-line message and exit status.
func runReportingErrors(_ body: () throws -> Int32) throws {
  let status: Int32
  do {
    status = try body()
  } catch let error as FairAuditError {
    FileHandle.standardError.write(Data((error.description + "\n").utf8))
    throw ExitCode(error.exitCode)
  } catch let error as ExitCode {
    throw error
  } catch {
    FileHandle.standardError.write(Data("error: internal error (please report it with the command line that caused it)\n".utf8))
    throw ExitCode(70)
  }
  if status != 0 { throw ExitCode(status) }
}
