@testable import CtrCommands
import CtrRuntime
import Glibc
import XCTest

/// The runtime's launch facts in words: spec problems, launch refusals and
/// exit statuses read as ctrsh prints them, with the ctrsh command that
/// fixes them, and in Portuguese under `lang pt`.
final class LaunchWordsTests: XCTestCase {
    private func english(_ error: any Error) -> String { Diagnostics.message(for: error, in: .english) }

    func testVethAddressesAreRefusedWithTheReasonAndAnExample() {
        let cases: [(String, String)] = [
            ("", "`` is not an IPv4 address with a prefix length"),
            ("10.200.1.2", "`10.200.1.2` has no prefix length"),
            ("10.200.1.256/24", "`10.200.1.256` is not an IPv4 address"),
            ("10.200.1.2/33", "`/33` is not a prefix length"),
            ("10.200.1.2/31", "a /31 network is too small"),
            ("10.200.1.2/7", "a /7 network is too large: the host would route all of 10.0.0.0/7 to the container; use /8 to /30"),
            ("10.200.1.0/24", "10.200.1.0 is the network address of 10.200.1.0/24, which no interface can take; give the container an address inside it (e.g. 10.200.1.2/24)"),
            ("10.200.1.3/30", "10.200.1.3 is the broadcast address of 10.200.1.0/30"),
            ("127.0.0.2/24", "127.0.0.2 is a loopback address"),
            ("0.1.2.3/24", "0.1.2.3 is in 0.0.0.0/8 (\"this network\")"),
            ("224.0.0.5/24", "224.0.0.5 is a multicast address"),
            ("250.1.1.1/24", "250.1.1.1 is a reserved address"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try VethSpec(parsing: text), text) { error in
                let words = english(error)
                XCTAssertTrue(words.hasPrefix("net veth: "), "\(text): \(words)")
                XCTAssertTrue(words.contains(message), "\(text): \(words)")
                XCTAssertTrue(words.contains("e.g. "), "\(text): no example: \(words)")
            }
        }
    }

    func testSpecProblemsNameTheCommandThatFixesThem() {
        XCTAssertEqual(english(RuntimeError.spec(.noProgram)), "exec: no program given (e.g. `exec /bin/sh`)")
        XCTAssertEqual(english(RuntimeError.spec(.vethWithoutNetNamespace)), "net veth: needs a net namespace of its own to put the container's end in: `ns new net` (or `net veth off`)")
        XCTAssertEqual(english(RuntimeError.spec(.mountsWithoutRootfs)), "mount: extra mounts need a root filesystem to mount into: `rootfs use DIR` first")
        XCTAssertEqual(
            english(RuntimeError.spec(.rootfsUnreachable(path: "/nope", errno: ENOENT))),
            "rootfs: `/nope`: No such file or directory (build one with `rootfs make busybox /nope`)")
        XCTAssertEqual(
            english(RuntimeError.spec(.mountDestination(path: "data", fault: .relative, field: nil))),
            "mount: `data` must be an absolute path inside the container (e.g. /data)")
        XCTAssertEqual(
            english(RuntimeError.spec(.mountDestination(path: "/a/../b", fault: .parentComponent, field: "mounts"))),
            "mounts: `/a/../b` contains `..`; give the destination without it")
        XCTAssertEqual(english(RuntimeError.spec(.cannotJoin(.user))), "ns join user: a new container can join net, ipc, uts, pid, cgroup, time or (without a rootfs) mnt; to enter all of a running container's namespaces, `exec` into it")
    }

    func testLaunchRefusalsSayWhatToDo() {
        XCTAssertEqual(
            english(RuntimeError.launch(.cloneRefused(flags: ["CLONE_NEWUSER", "CLONE_NEWNS"], errno: EPERM))),
            "clone3(CLONE_NEWUSER|CLONE_NEWNS): Operation not permitted (new namespaces need root, or `ns new user` first)")
        XCTAssertEqual(english(RuntimeError.launch(.cloneRefused(flags: [], errno: EINVAL))), "clone3(0): Invalid argument")
        XCTAssertEqual(
            english(RuntimeError.launch(.idMapHelperFailed(
                helper: "newuidmap", pid: 42, ranges: ["0", "100000", "65536"], status: .exited(1), subordinateFile: "/etc/subuid"))),
            "user map: `newuidmap 42 0 100000 65536` exited with status 1 (it accepts only the ranges /etc/subuid gives you)")
        XCTAssertEqual(
            english(RuntimeError.launch(.bindSource(source: "/x", destination: "/d", cause: .kernel(SystemCall("open", "/x"), errno: ENOENT)))),
            "mount bind: `/x` (for `/d`): No such file or directory")
        XCTAssertEqual(
            english(RuntimeError.launch(.bindSource(source: "/x", destination: "/d", cause: .launch(.bindSourcePassesSymlink(path: "/x", target: "/etc"))))),
            "mount bind: `/x` (for `/d`): `/x` is a symbolic link (to `/etc`), which a bind's source may not go through at launch (a container could have planted it since `mount bind`); bind the path it points to")
    }

    func testExitStatusesAreWords() {
        func words(_ status: ExitStatus, _ language: Language = .english) -> String {
            let phrase: Phrase = "PID 1 \(status)"
            return phrase.text(in: language)
        }
        XCTAssertEqual(words(.exited(2)), "PID 1 exited with status 2")
        XCTAssertEqual(words(.signaled(SIGSEGV)), "PID 1 killed by SIGSEGV (status 139)")
        XCTAssertEqual(words(.oomKilled(limit: .bytes(32 << 20))), "PID 1 killed by the OOM killer (memory limit 32M)")
        XCTAssertEqual(words(.oomKilled(limit: nil)), "PID 1 killed by the OOM killer (memory limit of an ancestor cgroup)")
        XCTAssertEqual(words(.interrupted), "PID 1 interrupted by Ctrl-C (status 130)")
        XCTAssertEqual(words(.exited(2), .portuguese), "PID 1 terminou com status 2")
        XCTAssertEqual(words(.oomKilled(limit: .bytes(32 << 20)), .portuguese), "PID 1 morto pelo OOM killer (limite de memória 32M)")
    }

    /// `seccomp show` says why for every call of the deny-list.
    func testEverySeccompCallHasAReason() {
        for call in SeccompSyscall.deniedByDefault {
            XCTAssertNotNil(SeccompReasonWords.phrase(for: call.name), call.name)
        }
        XCTAssertNil(SeccompReasonWords.phrase(for: "read"))
    }
}
