// CtrRuntime's API is written in CtrKernel's vocabulary (ContainerSpec,
// RuntimeError and its kinds, NamespaceKind, CgroupLimits, ExitStatus):
// a program that imports CtrRuntime gets it too, as before the split.
// Only CtrKernel's `public` declarations pass; its `package` ones stay
// inside this package.
@_exported import CtrKernel
