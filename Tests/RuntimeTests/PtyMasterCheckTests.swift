import CLinux
import Glibc
import XCTest

/// ctrsh relays only what is a pty master: the child opens the container's
/// terminal from its `/dev/ptmx`, which a running container's root can
/// replace, and ctrsh checks the descriptor it receives again. Real
/// descriptors of each kind a hostile root could plant.
final class PtyMasterCheckTests: XCTestCase {
    private var opened: [Int32] = []

    override func tearDown() {
        for fd in opened { close(fd) }
        opened = []
    }

    private func keep(_ fd: Int32, _ what: String) throws -> Int32 {
        guard fd >= 0 else { throw XCTSkip("cannot open \(what): \(String(cString: strerror(errno)))") }
        opened.append(fd)
        return fd
    }

    private func assertRefused(_ fd: Int32, _ what: String, line: UInt = #line) {
        errno = 0
        XCTAssertEqual(ctr_pty_master_number(fd), -1, "\(what) passed as a pty master", line: line)
        XCTAssertEqual(errno, ENOTTY, what, line: line)
    }

    func testAPtyMasterGivesTheNumberOfItsSlave() throws {
        var path = [CChar](repeating: 0, count: 128)
        let master = try keep(ctr_open_pty(&path, UInt(path.count)), "a pty")
        let slavePath = String(cString: path)
        XCTAssertEqual("/dev/pts/\(ctr_pty_master_number(master))", slavePath)
        assertRefused(try keep(open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC), slavePath), "its slave")
    }

    func testWhatAHostileRootCouldPlantIsRefused() throws {
        var fds: [Int32] = [-1, -1]
        XCTAssertEqual(pipe(&fds), 0)
        opened += fds
        assertRefused(fds[0], "a pipe")
        var template = Array("/tmp/ctrsh-ptmx-XXXXXX".utf8CString)
        let directory = try XCTUnwrap(mkdtemp(&template).map { String(cString: $0) })
        defer {
            unlink(directory + "/fifo")
            unlink(directory + "/file")
            rmdir(directory)
        }
        XCTAssertEqual(mkfifo(directory + "/fifo", 0o600), 0)
        assertRefused(try keep(open(directory + "/fifo", O_RDWR | O_NONBLOCK | O_CLOEXEC), "a FIFO"), "a FIFO")
        assertRefused(try keep(open(directory + "/file", O_RDWR | O_CREAT | O_CLOEXEC, 0o600), "a file"), "a regular file")
        assertRefused(try keep(open("/dev/null", O_RDWR | O_CLOEXEC), "/dev/null"), "/dev/null (1:3)")
    }

    /// What the child sends arrives close-on-exec; a FIFO sent in place of
    /// the master is received, and then refused.
    func testASentFIFOArrivesCloseOnExecAndIsRefused() throws {
        var ends: [Int32] = [-1, -1]
        XCTAssertEqual(ctr_socketpair_cloexec(&ends), 0)
        opened += ends
        var pipeEnds: [Int32] = [-1, -1]
        XCTAssertEqual(pipe(&pipeEnds), 0)
        opened += pipeEnds
        XCTAssertEqual(ctr_send_descriptor(ends[1], pipeEnds[0]), 0)
        let received = try keep(ctr_receive_descriptor(ends[0]), "the sent descriptor")
        XCTAssertNotEqual(fcntl(received, F_GETFD) & FD_CLOEXEC, 0, "MSG_CMSG_CLOEXEC")
        assertRefused(received, "a received pipe")
    }

    /// Receiving never waits, and a message without a descriptor is refused.
    func testReceivingWithoutADescriptorFailsAtOnce() throws {
        var ends: [Int32] = [-1, -1]
        XCTAssertEqual(ctr_socketpair_cloexec(&ends), 0)
        opened += ends
        XCTAssertEqual(ctr_receive_descriptor(ends[0]), -1)
        XCTAssertEqual(errno, EAGAIN, "nothing sent yet")
        var byte: UInt8 = 0
        XCTAssertEqual(write(ends[1], &byte, 1), 1)
        XCTAssertEqual(ctr_receive_descriptor(ends[0]), -1)
        XCTAssertEqual(errno, EBADMSG, "a byte without SCM_RIGHTS")
    }
}
