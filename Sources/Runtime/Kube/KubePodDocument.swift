import CtrKernel

// A Kubernetes Pod (core/v1) as far as `export kube` writes one. Optional
// fields left nil are left out of the YAML.

/// One Pod manifest.
struct KubePodDocument: Encodable {
    var apiVersion = "v1"
    var kind = "Pod"
    var metadata: Metadata
    var spec: Spec

    struct Metadata: Encodable {
        var name: String
        var annotations: [String: String]?
    }

    struct Spec: Encodable {
        var hostname: String?
        var hostNetwork: Bool?
        var hostPID: Bool?
        var hostIPC: Bool?
        var shareProcessNamespace: Bool?
        var restartPolicy = "Never"
        var containers: [Container]
        var volumes: [Volume]?
    }

    struct Container: Encodable {
        var name: String
        var image: String
        var command: [String]?
        var workingDir: String?
        var env: [EnvVar]?
        var resources: Resources?
        var securityContext: SecurityContext?
        var volumeMounts: [VolumeMount]?
    }

    struct EnvVar: Encodable {
        var name: String
        var value: String
    }

    struct Resources: Encodable {
        var limits: [String: String]
    }

    struct SecurityContext: Encodable {
        var capabilities: Capabilities?
        var allowPrivilegeEscalation: Bool?
        var readOnlyRootFilesystem: Bool?
        var runAsUser: Int64?
        var runAsGroup: Int64?
        var seccompProfile: SeccompProfile?
    }

    struct Capabilities: Encodable {
        var drop: [String]
        var add: [String]?
    }

    struct SeccompProfile: Encodable {
        var type: String
    }

    struct VolumeMount: Encodable {
        var name: String
        var mountPath: String
        var readOnly: Bool?
    }

    struct Volume: Encodable {
        var name: String
        var hostPath: HostPath?
        var emptyDir: EmptyDir?
    }

    struct HostPath: Encodable {
        var path: String
    }

    struct EmptyDir: Encodable {
        var medium = "Memory"
        var sizeLimit: String?
    }
}
