import CtrCommands
import CtrRuntime
import Glibc

/// `--demo --rehearse`: what each step of a talk printed, compared with the
/// last rehearsal, kept next to the script in `TALK.ctrsh.rehearsal`. The
/// first rehearsal (or one after that file is deleted) records it. Outputs
/// are compared with the script's arguments written as `$1`… and every
/// number as `N`: PIDs, inode numbers and counters change from run to run;
/// what must hold exactly belongs in an `expect` line.
struct Rehearsal {
    /// One step as rehearsed: its number among the steps, the line it
    /// starts on, the command as written, and what it printed (normalized).
    struct Step: Equatable {
        var number: Int
        var line: Int
        var command: String
        var output: String
    }

    /// The reference file of the script at `path`.
    static func referencePath(for path: String) -> String { path + ".rehearsal" }

    let path: String
    let arguments: [String]
    private(set) var steps: [Step] = []
    /// Steps that failed (a command or an `expect`), by number.
    private(set) var failed: [Step] = []

    init(path: String, arguments: [String]) {
        self.path = path
        self.arguments = arguments
    }

    /// Records what step `number` (starting on `line`) printed, and whether it passed.
    mutating func record(number: Int, line: Int, command: String, printed: String, passed: Bool) {
        var text = normalize(printed)
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        let step = Step(number: number, line: line, command: command, output: text)
        steps.append(step)
        if !passed { failed.append(step) }
    }

    /// The script's arguments (and the absolute paths they name) as `$1`…,
    /// every run of digits as `N`.
    func normalize(_ text: String) -> String {
        var text = text
        for (index, argument) in arguments.enumerated().reversed() where !argument.isEmpty {
            if let resolved = realpath(argument, nil) {
                text = text.replacing(String(cString: resolved), with: "$\(index + 1)")
                free(resolved)
            }
            text = text.replacing(argument, with: "$\(index + 1)")
        }
        var result = ""
        var inNumber = false
        for character in text {
            if character.isASCII && character.isNumber && !(result.last == "$" && !inNumber) {
                if !inNumber { result.append("N") }
                inNumber = true
            } else {
                result.append(character)
                inNumber = false
            }
        }
        return result
    }

    /// Compares with the reference (recording it when there is none),
    /// prints the report, and says whether the talk is as recorded.
    func report(to output: Output) -> Bool {
        let reference = Self.referencePath(for: path)
        for step in failed {
            output.errorLine("step \(step.number) (line \(step.line)): failed: \(step.command.split(separator: "\n").first ?? "")")
        }
        guard access(reference, F_OK) == 0 else {
            do {
                try FileText.create(reference, text: Self.serialize(steps, script: path))
                output.line("rehearsal: \(steps.count) steps, \(failed.count) failed; recorded in \(reference)")
            } catch {
                output.errorLine("ctrsh: --rehearse: cannot record \(reference): \(Diagnostics.phrase(for: error))")
                return false
            }
            return failed.isEmpty
        }
        let recorded: [Step]
        do {
            recorded = Self.parse(try FileText.read(reference))
        } catch {
            output.errorLine("ctrsh: --rehearse: \(Diagnostics.phrase(for: error))")
            return false
        }
        var changed = 0
        for step in steps {
            guard let before = recorded.first(where: { $0.number == step.number }), before.command == step.command else {
                output.errorLine("step \(step.number) (line \(step.line)): not in the recorded rehearsal (the script changed; delete \(reference) to record anew)")
                changed += 1
                continue
            }
            guard before.output != step.output else { continue }
            changed += 1
            output.errorLine("step \(step.number) (line \(step.line)): output changed: \(step.command.split(separator: "\n").first ?? "")")
            let was = before.output.split(separator: "\n", omittingEmptySubsequences: false)
            let now = step.output.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(was, now).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(was.count, now.count)
            output.errorLine("  was: \(Self.line(first, of: was))")
            output.errorLine("  now: \(Self.line(first, of: now))")
        }
        if recorded.count > steps.count {
            output.errorLine("rehearsal: \(recorded.count - steps.count) recorded steps did not run")
            changed += 1
        }
        let verdict: Phrase = changed == 0 && failed.isEmpty ? "as recorded" : "\(changed) changed, \(failed.count) failed"
        output.line("rehearsal: \(steps.count) steps, \(verdict) (reference: \(reference))")
        return changed == 0 && failed.isEmpty
    }

    /// Line `index` of a step's output, or a note that it ended before.
    private static func line(_ index: Int, of lines: [Substring]) -> Phrase {
        index < lines.count ? "\(lines[index])" : "(nothing more)"
    }

    private static let marker = "== step "

    /// The reference file: a header line, then each step as `== step N
    /// (line L): COMMAND` (continuation lines follow with `== | `) and its
    /// output as it was printed.
    static func serialize(_ steps: [Step], script: String) -> String {
        // not words: the reference file's header, a file format read back by `parse`
        var text = "# ctrsh --demo --rehearse of \(script): what each step printed, numbers as N. Delete this file to record anew.\n"
        for step in steps {
            let command = step.command.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n== | ")
            text += "\(marker)\(step.number) (line \(step.line)): \(command)\n\(step.output)"
        }
        return text
    }

    static func parse(_ text: String) -> [Step] {
        var steps: [Step] = []
        let body = text.hasSuffix("\n") ? text.dropLast() : Substring(text)
        for line in body.split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
            if line.hasPrefix(marker), let heading = line.firstRange(of: "): "),
               let number = Int(line.dropFirst(marker.count).prefix { $0.isNumber }),
               let lineNumber = Int(line[..<heading.lowerBound].split(separator: " ").last ?? "") {
                steps.append(Step(number: number, line: lineNumber, command: String(line[heading.upperBound...]), output: ""))
            } else if line.hasPrefix("== | "), !steps.isEmpty {
                steps[steps.count - 1].command += "\n" + line.dropFirst(5)
            } else if !steps.isEmpty {
                steps[steps.count - 1].output += line + "\n"
            }
        }
        return steps
    }
}
