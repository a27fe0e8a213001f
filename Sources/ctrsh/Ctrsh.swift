import ArgumentParser
import CtrCommands
import CtrShell

/// The `ctrsh` command line as ArgumentParser sees it: the options, their
/// help, `--version`, the man page and the completion scripts. Running it
/// hands the parsed options to `Invocation`.
struct Ctrsh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctrsh",
        abstract: "A shell for composing Linux containers one step at a time.",
        discussion: """
            A container is a process, plus namespaces and cgroups (how it runs), plus a \
            root filesystem (where it runs). ctrsh lets you compose one command at a time \
            and watch the kernel do it. Type `help` at the prompt for the commands.

            A root filesystem is a directory, a tarball or an image: from an OCI image \
            layout (`rootfs use oci:DIR[:TAG]`), an oci-archive or docker-archive tarball \
            (`oci-archive:FILE[:TAG]`, `docker-archive:FILE[:REF]`, or just FILE.tar) or a \
            registry (`docker://REGISTRY/REPO:TAG`, or `REGISTRY/REPO:TAG`, pulled with \
            skopeo; plain HTTP on 127.0.0.0/8 only) or podman's storage \
            (`containers-storage:REF`), the last ones unpacked once into a cache \
            ($CTRSH_CACHE_DIR/rootfs, or /var/cache/ctrsh/rootfs as root); `rootfs make \
            busybox DIR` and `rootfs make host DIR PROGRAM...` build one.

            Containers are locked down by default, as Docker's are: its 14 capabilities, \
            no_new_privs, runc's masked kernel paths, and a seccomp filter that refuses \
            keyctl, bpf, mount, unshare and the other calls `seccomp show` lists with EPERM \
            (`cap add`, `nnp off` and `seccomp off` loosen them, for demos), and, as root, \
            Docker's device allow-list: any node may be made, only the standard /dev ones \
            opened (`device show`, `device allow c 10:232 rw`).

            A container shares the host's network unless it has a net namespace of its own \
            (`ns new net`); then `net up` brings up its loopback and `net veth 10.200.1.2/24` \
            joins it to the host with a veth pair (the host end, `ctrsh-PID`, gets 10.200.1.1 and is the \
            default route inside), made through netlink and deleted with the container; \
            `net show` lists the interfaces, addresses and routes inside.

            Run by an ordinary user, ctrsh puts each container with new namespaces in a \
            user namespace of its own, where that user is root (`user root`); wider ID maps \
            (`user map 0 100000 65536`) go through newuidmap and newgidmap and the user's \
            ranges in /etc/subuid and /etc/subgid. State is kept in $XDG_RUNTIME_DIR/ctrsh \
            (else /tmp/ctrsh-UID) instead of /run/ctrsh, `--overlay` layers in \
            $XDG_DATA_HOME/ctrsh/overlay instead of /var/lib/ctrsh/overlay, and cgroup limits \
            need root or a delegated cgroup v2 subtree.

            `export oci DIR [CMD...]` writes the current spec as an OCI runtime bundle \
            (DIR/config.json and a copy of the root in DIR/rootfs) that `runc run -b DIR ID` \
            and `crun run -b DIR ID` run as ctrsh's own `exec` does; `import oci DIR` loads \
            a bundle's config.json into the current spec and names each field ctrsh cannot \
            represent. `export image DEST [CMD...]` writes the root as the container left it as \
            an OCI image (oci:DIR[:TAG], docker-archive:FILE[:REF], oci-archive:FILE[:TAG], \
            docker://REGISTRY/REPO:TAG, containers-storage:REF), and `export kube FILE` the \
            session's containers as Kubernetes Pods, with a warning for each setting that has \
            no Kubernetes form (docs/images.md).
            """,
        version: CtrshVersion.current)

    @ArgumentParser.Option(name: .customShort("c"), help: ArgumentHelp("Run these commands and exit.", valueName: "commands"))
    var commands: String?

    @ArgumentParser.Flag(help: "Parse and validate the script without running anything.")
    var check = false

    @ArgumentParser.Flag(help: "Go on after a failing command; exit 1 at the end if any failed.")
    var keepGoing = false

    @ArgumentParser.Flag(help: "Play the script as a live demo: comments as narration, each command typed out, run on Enter (s skips, q quits).")
    var demo = false

    @ArgumentParser.Option(help: ArgumentHelp("With --demo: go on by itself after this long (e.g. 2s, 0).", valueName: "duration"))
    var auto: String?

    @ArgumentParser.Flag(help: "With --demo: play the talk unattended and report each step whose output changed since SCRIPT.rehearsal (the first rehearsal records it).")
    var rehearse = false

    @ArgumentParser.Option(help: ArgumentHelp("Record the terminal session (prompt, script or demo) as an asciicast v2 file.", valueName: "file"))
    var cast: String?

    @ArgumentParser.Option(help: ArgumentHelp("Speak this language: en or pt (by default the one LC_ALL, LC_MESSAGES or LANG names).", valueName: "code"),
            completion: .list(Language.codes))
    var lang: String?

    @Argument(help: ArgumentHelp("A .ctrsh script to run, - for standard input, or gc to remove what killed sessions left.", valueName: "script"),
              completion: .file(extensions: ["ctrsh"]))
    var script: String?

    @ArgumentParser.Option(help: .hidden)
    var generateReference: ReferenceFormat?

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("The script's arguments: $1, $2, …", valueName: "arg"))
    var arguments: [String] = []

    mutating func validate() throws {
        if let lang, Language(locale: lang) == nil {
            throw ValidationError("--lang: `\(lang)` is not a language ctrsh speaks (\(Language.codes.joined(separator: ", ")))")
        }
    }

    func run() throws {
        if let generateReference { throw ExitCode(generateReference.print()) }
        let invocation = Invocation(
            commands: commands, check: check, keepGoing: keepGoing, demo: demo, auto: auto, rehearse: rehearse, cast: cast,
            script: script, arguments: arguments, language: lang.flatMap(Language.init(locale:)))
        throw ExitCode(invocation.run())
    }
}
