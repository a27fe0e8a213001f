import CLinux
@testable import CtrCommands
@testable import CtrKernel
import CtrRuntime
import Glibc
import XCTest

/// The words of the child's steps against the C child's list of steps:
/// every constant of `CTR_STEP_LIST` has exactly one entry in
/// `ChildStepWords.table` (as in the runtime's `ChildSteps.table`), and the
/// failures and `explain` lines read from the runtime's facts as ctrsh
/// prints them.
final class ChildStepWordsTests: XCTestCase {
    func testEveryStepOfTheCListHasOneEntryInBothTables() {
        let count = Int(ctr_step_count())
        XCTAssertGreaterThan(count, 30, "the C list is read")
        for raw in 1...count {
            let name = ctr_step_name(Int32(raw)).map { String(cString: $0) } ?? "(no name)"
            let words = ChildStepWords.table.filter { Int($0.id.rawValue) == raw }
            XCTAssertEqual(words.count, 1, "CTR_STEP_\(name) (\(raw)) has \(words.count) entries in ChildStepWords.table")
            let facts = ChildSteps.table.filter { Int($0.id.rawValue) == raw }
            XCTAssertEqual(facts.count, 1, "CTR_STEP_\(name) (\(raw)) has \(facts.count) entries in ChildSteps.table")
            XCTAssertEqual(words.first?.id, facts.first?.id)
        }
        XCTAssertEqual(ChildStepWords.table.count, count, "ChildStepWords.table has an entry for a step the C list lacks")
        XCTAssertEqual(ChildStepWords.table.map(\.id), ChildSteps.table.map(\.id), "both tables in the C list's order")
    }

    /// Every step's failure says what the kernel answered, in both languages.
    func testEveryFailureCarriesTheKernelsReason() {
        for step in ChildStepWords.table {
            let failure = ChildFailure(step: step.id, errno: EPERM, number: 0, subject: .init(path: "/somewhere"))
            let phrase = ChildStepWords.phrase(for: failure)
            XCTAssertTrue(phrase.text(in: .english).contains(errnoText(EPERM)), "\(failure.stepName): \(phrase)")
            XCTAssertTrue(phrase.text(in: .portuguese).contains("Operação não permitida"), "\(failure.stepName): \(phrase.text(in: .portuguese))")
        }
    }

    func testFailuresReadAsCtrshPrintsThem() {
        func failure(_ step: ctr_step, _ errno: Int32, _ subject: ChildFailure.Subject, number: Int = 0) -> String {
            ChildStepWords.phrase(for: ChildFailure(step: step, errno: errno, number: number, subject: subject)).text(in: .english)
        }
        XCTAssertEqual(failure(CTR_STEP_EXEC, ENOENT, .init(path: "/bin/bash")), "exec: `/bin/bash` not found in the container's root")
        XCTAssertEqual(failure(CTR_STEP_EXEC, ENOENT, .init(path: "no-such-program")), "exec: `no-such-program` not found in the container's PATH")
        XCTAssertEqual(
            failure(CTR_STEP_EXEC, ENOENT, .init(path: "/bin/id", foundOnPath: "/usr/bin/id")),
            "exec: `/bin/id` not found in the container's root; the root has `/usr/bin/id` (a name without `/` is looked up in PATH)")
        XCTAssertEqual(
            failure(CTR_STEP_EXEC, ENOENT, .init(path: "/bin/app", programExists: true)),
            "exec: `/bin/app` exists, but its interpreter (#!) or dynamic loader is missing from the container's root")
        XCTAssertEqual(
            failure(CTR_STEP_CHDIR, ENOENT, .init(path: "/does/not/exist")),
            "workdir: chdir `/does/not/exist` in the container: No such file or directory")
        XCTAssertEqual(failure(CTR_STEP_MOUNT_PROC, ENOTDIR, .init(path: "/srv/root")), "rootfs: mount proc on `/srv/root/proc`: Not a directory")
        XCTAssertEqual(
            failure(CTR_STEP_MOUNT_EXTRA, ENOTDIR, .init(
                path: "/etc/passwd", detail: "/srv/root", mount: MountSpec(source: .bind("/tmp/x"), destination: "/etc/passwd"))),
            "mount: bind `/tmp/x` on `/etc/passwd`: Not a directory")
        XCTAssertEqual(
            failure(CTR_STEP_MOUNT_TARGET, EXDEV, .init(path: "/escape", detail: "/srv/root")),
            "mount: `/escape` leads out of the container's root (an absolute symlink or `..` on the way): refused; mount onto a real directory inside the root")
        XCTAssertEqual(
            failure(CTR_STEP_PIVOT_ROOT, EINVAL, .init(path: "/srv/root")),
            "rootfs: pivot_root `/srv/root`: Invalid argument (is the root on a shared mount, or on the initramfs?)")
        XCTAssertEqual(
            failure(CTR_STEP_TERMINAL, ENXIO, .init(path: "/dev/ptmx"), number: Int(CTR_TERMINAL_NOT_PTMX.rawValue)),
            "terminal: the container's `/dev/ptmx` is not the pseudo-terminal multiplexer (a character device 5:2): refused, nothing relayed; restore it inside (`ln -sf pts/ptmx /dev/ptmx`), or use `exec -d`")
        XCTAssertEqual(
            failure(CTR_STEP_TERMINAL, EACCES, .init(path: "/dev/ptmx"), number: Int(CTR_TERMINAL_OPEN.rawValue)),
            "terminal: open `/dev/ptmx` in the container: Permission denied")
    }

    /// A launch like KernelStepTests' (pid, uts, mnt, a root, Docker's
    /// defaults): its announced steps' lines.
    func testExplainLinesReadAsCtrshPrintsThem() {
        var spec = ContainerSpec()
        spec.namespaces = [.pid, .uts, .mnt]
        spec.rootfs = RootfsSpec(path: "/srv/root")
        spec.hostname = "explained"
        spec.capabilities = ["chown", "kill"]
        spec.mounts = [MountSpec(source: .bind("/data"), destination: "/in", readonly: true), MountSpec(source: .tmpfs(size: nil), destination: "/tmp")]
        let launch = ChildLaunchFacts(
            spec: spec, root: "/srv/root", ownRoot: true, joins: ["/proc/42/ns/net"],
            taskFiles: ["/sys/fs/cgroup/pids/ctrsh/1/web/tasks"], candidates: ["/bin/true"], program: "true",
            initProgram: "ctrsh-init", forked: 4711, seccompInstructions: 80, seccompRefused: 61)
        func line(_ step: ctr_step, _ number: Int = 0) -> String {
            ChildStepWords.phrase(for: ChildStepReport(step: step, number: number, launch: launch)).text(in: .english)
        }
        XCTAssertEqual(line(CTR_STEP_STDIO), "setsid: a session of its own, without a controlling terminal")
        XCTAssertEqual(line(CTR_STEP_STDIO, 1), "setsid: a session of its own; its terminal comes from the container's /dev/ptmx once it is in its root")
        XCTAssertEqual(line(CTR_STEP_MOUNT_PRIVATE), "mount none / MS_REC|MS_PRIVATE")
        XCTAssertEqual(line(CTR_STEP_BIND_ROOTFS), "mount /srv/root /srv/root MS_BIND|MS_REC")
        XCTAssertEqual(line(CTR_STEP_MOUNT_PROC), "mount -t proc proc /srv/root/proc")
        XCTAssertEqual(
            line(CTR_STEP_MOUNT_DEV), "mount -t tmpfs tmpfs /srv/root/dev; mknod null zero full random urandom tty; devpts on /dev/pts, tmpfs on /dev/shm")
        XCTAssertEqual(line(CTR_STEP_MOUNT_SYS), "mount -t sysfs sysfs /srv/root/sys MS_RDONLY")
        XCTAssertEqual(line(CTR_STEP_MOUNT_MQUEUE), "mount -t mqueue mqueue /srv/root/dev/mqueue")
        XCTAssertEqual(line(CTR_STEP_PIVOT_ROOT), "pivot_root(\".\", \".\") in /srv/root")
        XCTAssertEqual(line(CTR_STEP_DETACH_OLD_ROOT), "umount2(old root, MNT_DETACH)")
        XCTAssertEqual(
            line(CTR_STEP_TERMINAL, 3),
            "open /dev/ptmx (the container's own devpts), ioctl(TIOCGPTPEER) → /dev/pts/3; ioctl(TIOCSCTTY) on it as standard input; the master to ctrsh (sendmsg SCM_RIGHTS), which relays it")
        XCTAssertEqual(line(CTR_STEP_HOSTNAME), "sethostname explained")
        XCTAssertEqual(line(CTR_STEP_CHDIR), "chdir /")
        XCTAssertEqual(line(CTR_STEP_CAPABILITIES), "drop capabilities but chown,kill")
        XCTAssertEqual(line(CTR_STEP_NO_NEW_PRIVS), "prctl(PR_SET_NO_NEW_PRIVS, 1)")
        XCTAssertEqual(line(CTR_STEP_SECCOMP), "seccomp(SECCOMP_SET_MODE_FILTER): a BPF program of 80 instructions refusing 61 calls")
        XCTAssertEqual(line(CTR_STEP_EXEC), "execve /bin/true")
        XCTAssertEqual(line(CTR_STEP_EXEC, -1), "execve ctrsh-init (from ctrsh's directory, with every signal blocked)")
        XCTAssertEqual(line(CTR_STEP_SETNS), "setns(open(/proc/42/ns/net))")
        XCTAssertEqual(line(CTR_STEP_FORK), "clone3(CLONE_PARENT) = 4711: its child, inside the joined pid namespace, goes on; this one exits")
        XCTAssertEqual(line(CTR_STEP_MOUNT_EXTRA, 0), "mount /data /srv/root/in MS_BIND|MS_REC, then read-only")
        XCTAssertEqual(line(CTR_STEP_MOUNT_EXTRA, 1), "mount -t tmpfs tmpfs /srv/root/tmp")
        XCTAssertEqual(
            line(CTR_STEP_JOIN_CGROUP), "echo 0 > /sys/fs/cgroup/pids/ctrsh/1/web/tasks (the child moves itself into its group)")
        XCTAssertEqual(line(CTR_STEP_SIGNALS), "SIGNALS", "a step without a line of its own shows its C name")
        XCTAssertEqual(
            ExplainCommand.explained(.child(ChildStepReport(step: CTR_STEP_MOUNT_PROC, number: 0, launch: launch))).text(in: .english),
            "  [child] mount -t proc proc /srv/root/proc")
    }

    /// `explain` says "mask" for exactly the paths the child's table hides.
    func testMaskedPathsAreWordedFromTheChildsTable() {
        var spec = ContainerSpec()
        spec.rootfs = RootfsSpec(path: "/srv/root")
        let launch = ChildLaunchFacts(
            spec: spec, root: "/srv/root", ownRoot: true, joins: [], taskFiles: [], candidates: [], program: "/bin/true",
            initProgram: "ctrsh-init", forked: nil, seccompInstructions: 0, seccompRefused: 0)
        var index: Int32 = 0
        while let name = ctr_masked_path_name(index) {
            let text = ChildStepWords.phrase(for: ChildStepReport(step: CTR_STEP_MASK_PATH, number: Int(index), launch: launch))
            let hides = ctr_masked_path_hides(index) == 1
            XCTAssertEqual(text.text(in: .english), (hides ? "mask " : "mount --bind -o ro ") + "/srv/root/" + String(cString: name))
            index += 1
        }
        XCTAssertEqual(index, 15)
    }
}
