import Glibc

/// ctrsh's entry point. The common command lines (`ctrsh`, `ctrsh -c
/// COMMANDS`, `ctrsh SCRIPT ARGS…`) are read directly; everything else goes
/// through ArgumentParser, whose reflection-based parsing costs about a
/// millisecond at every start (see docs/benchmarks.md).
@main
enum Main {
    static func main() {
        if let invocation = QuickArguments.parse(Array(CommandLine.arguments.dropFirst())) {
            exit(invocation.run())
        }
        Ctrsh.main()
    }
}
