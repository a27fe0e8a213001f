// A host program that embeds ctrsh: it adds a command of its own, `banner`,
// next to the built-in ones (it gets `help` and TAB completion like them),
// then runs the commands given on its command line, or a prompt.
import CtrCommands
import CtrShell
import Glibc

let shell = Shell()
// Declared once: in the verb, and to read its value (`args[text]`, a String?).
let text = Operand(optional: "TEXT", .text)
shell.register(CommandFamily(
    "banner", summary: "print a banner with the current container's name",
    examples: ["banner", "banner hello"],
    verbs: [
        Verb([text], summary: "print TEXT in a box") { args in
            let text = args[text] ?? "container"
            return { session in
                let line = "\(text): \(session.current.name)"
                let border = String(repeating: "-", count: line.count + 4)
                session.output.line(verbatim: border)
                session.output.line("| \(line) |")
                session.output.line(verbatim: border)
            }
        },
    ]))

let arguments = CommandLine.arguments.dropFirst()
let outcome = arguments.isEmpty ? Prompt(shell: shell).run() : shell.run(arguments.joined(separator: "; "))
shell.close()
if case .exit(let status) = outcome { exit(status) }
