import CtrRuntime
