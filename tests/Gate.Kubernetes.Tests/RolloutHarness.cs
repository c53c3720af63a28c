using k8s;
using Gate.Core.Rollout;
using Gate.Kubernetes;
using Gate.Testing;
using Gate.Testing.FakeKube;

namespace Gate.Kubernetes.Tests;

/// <summary>A fake API server (RBAC of deploy/gate-rbac.yaml enforced) with one agent DaemonSet, and gates that talk to it through KubernetesClient.</summary>
internal sealed class RolloutHarness : IAsyncDisposable
{
    public const string Namespace = "monitoring";
    public const string Name = "node-agent";
    public const string OldImage = "agent:1.0";
    public const string NewImage = "agent:2.0";
    public const string CrashImage = "agent:2.0-crash";

    private readonly string directory = Directory.CreateTempSubdirectory("gate-rollout-").FullName;

    private RolloutHarness(FakeKubeServer server, AcceleratedTimeProvider time, bool kruise)
    {
        Server = server;
        Time = time;
        Kruise = kruise;
    }

    public FakeKubeServer Server { get; }

    public AcceleratedTimeProvider Time { get; }

    public bool Kruise { get; }

    public FakeCluster Cluster => Server.Cluster;

    public static async Task<RolloutHarness> StartAsync(int nodes = 30, bool kruise = false, double factor = 50, int notReady = 0, bool startReady = false)
    {
        var time = new AcceleratedTimeProvider(factor);
        var server = await FakeKubeServer.StartAsync(time, FakeRbac.Load(RepoPaths.InRepo("deploy", "gate-rbac.yaml")));
        server.Admission = FakeAdmission.Load(RepoPaths.InRepo("deploy", "gate-flowschema-policy.yaml"));
        server.Cluster.CrashingImages.Add(CrashImage);
        server.Cluster.AddNodes(nodes, zones: 3, notReady: notReady);
        var strategy = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "RollingUpdate",
            ["rollingUpdate"] = new System.Text.Json.Nodes.JsonObject { ["maxUnavailable"] = 1 },
        };
        server.Cluster.StartReady = startReady;
        server.Cluster.AddDaemonSet(Namespace, Name, OldImage, kruise, strategy);
        server.Cluster.StartReady = false;
        return new RolloutHarness(server, time, kruise);
    }

    /// <summary>A gate's cluster port, connected through a kubeconfig with the gate's ServiceAccount token.</summary>
    public IDaemonSetOperator Operator(RetrySettings? retry = null) =>
        new KubernetesDaemonSetOperator(Client(retry), new DaemonSetRef(Namespace, Name, Kruise));

    /// <summary>The gate's canary FlowSchema port, connected like <see cref="Operator"/>.</summary>
    public ICanaryFlowSchemas CanaryFlowSchemas() => new KubernetesFlowSchemas(Client(null), new DaemonSetRef(Namespace, Name, Kruise));

    /// <summary>The retries of gates made without their own (a large fake cluster answers writes more slowly).</summary>
    public RetrySettings DefaultRetry { get; set; } = new() { BaseDelay = TimeSpan.FromSeconds(1), AttemptTimeout = TimeSpan.FromSeconds(0.5) };

    private IKubernetes Client(RetrySettings? retry)
    {
        var options = new ConnectionOptions
        {
            Kubeconfig = Server.WriteKubeconfig(directory),
            Retry = retry ?? DefaultRetry,
        };
        var (client, _) = KubernetesConnection.Connect(options, Time, _ => null);
        return client;
    }

    public RolloutPlan Plan(string holder = "gate-a", string? image = NewImage, RolloutIntent intent = RolloutIntent.Rollout, string stages = "1,1%,10%,50%,100%") => new()
    {
        Intent = intent,
        Target = image is null ? null : new TemplateChange { Image = image },
        Stages = StageSize.Parse(stages),
        Bake = TimeSpan.FromSeconds(20),
        Mode = Kruise ? RolloutMode.Kruise : RolloutMode.OnDelete,
        MaxConcurrentStarts = 10,
        Holder = holder,
        Timings = new RolloutTimings
        {
            PollInterval = TimeSpan.FromSeconds(5),
            ReadyTimeout = TimeSpan.FromSeconds(300),
            LeaseDuration = TimeSpan.FromSeconds(30),
            LeaseRenewInterval = TimeSpan.FromSeconds(10),
            InconclusiveRetryInterval = TimeSpan.FromSeconds(10),
            RollbackBatchSize = 5,
            RollbackBatchTimeout = TimeSpan.FromSeconds(300),
        },
    };

    public async Task<RolloutOutcome> RunAsync(RolloutPlan plan, IStageAnalyzer? analyzer = null, Action<RolloutProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        var cluster = Operator();
        return await RolloutEngine.RunAsync(plan, new RolloutPorts(cluster, progress, CanaryFlowSchemas()), Time, analyzer ?? new ScriptedAnalyzer(), limit.Token);
    }

    /// <summary>Pods per controller-revision-hash.</summary>
    public Dictionary<string, int> PodsByRevision() => Cluster.PodsByRevision(Namespace, Name);

    /// <summary>The DaemonSet as stored.</summary>
    public System.Text.Json.Nodes.JsonObject DaemonSet() => Cluster.Get(Kruise ? FakeCluster.KruiseGroup : "apps", "daemonsets", Namespace, Name)!;

    /// <summary>The FlowSchemas stored (cluster-scoped).</summary>
    public List<System.Text.Json.Nodes.JsonObject> FlowSchemas() => Cluster.List("flowcontrol.apiserver.k8s.io", "flowschemas", null);

    public string Image() => DaemonSet()["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();

    public string StrategyJson() => DaemonSet()["spec"]!["updateStrategy"]!.ToJsonString();

    public RolloutState? State() => RolloutState.Parse(DaemonSet()["metadata"]!["annotations"]?[RolloutState.AnnotationKey]?.GetValue<string>());

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}
