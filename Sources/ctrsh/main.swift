import CtrRuntime
try BusyboxRootfs.make(at: "/tmp/exp/rootfs")
var spec = ContainerSpec()
spec.namespaces = [.pid, .uts, .ipc, .net, .mnt]
spec.hostname = "demo"
spec.rootfs = RootfsSpec(path: "/tmp/exp/rootfs")
let rt = ContainerRuntime(sessionID: "t", cgroups: nil)
let args = Array(CommandLine.arguments.dropFirst())
do {
  let r = try rt.runForeground(spec, argv: args.isEmpty ? ["/bin/sh", "-c", "echo pid=$$ host=$(hostname); ls /; cat /proc/self/mountinfo"] : args, name: "default")
  print(r.status)
} catch { print("error: \(error)") }
