using Gate.Core.Manifests;
using Gate.Core.Operators;

namespace Gate.Core.Agents;

/// <summary>
/// The entry point of ingestion: parses manifest sources, links each DaemonSet/Deployment to its service account,
/// RBAC and mounted ConfigMaps, and derives its access patterns — from the agent catalogue, else declared patterns
/// (annotation <c>gate.dev/access-patterns</c> or a pattern file), else the RBAC worst case.
/// </summary>
public static class WorkloadDiscovery
{
    /// <summary>Discovers every workload of <paramref name="sources"/>. Bad input throws <see cref="GateUsageException"/>.</summary>
    public static DiscoveryResult Discover(IReadOnlyList<ManifestSource> sources, DiscoveryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        options ??= new DiscoveryOptions();
        var diagnostics = new List<Diagnostic>();
        var objects = new List<KubeObject>();
        var skipped = new List<SkippedFile>();
        foreach (var source in sources)
        {
            objects.AddRange(ManifestLoader.Load(source, diagnostics, skipped, options.Limits));
        }

        // Operator resources (an OpenTelemetryCollector in mode daemonset) become the workloads their operators create.
        var operators = OperatorWorkloads.Expand(objects);
        objects.AddRange(operators.Objects);
        var set = new ManifestSet(objects);
        var found = set.Workloads.Concat(operators.Workloads.Where(w => w.Kind is not ("DaemonSet" or "Deployment"))).ToList();
        if (found.Count > options.Limits.MaxWorkloads)
        {
            throw new GateUsageException(
                $"more than {options.Limits.MaxWorkloads:N0} DaemonSets and Deployments in the inputs ({found.Count:N0})",
                found[options.Limits.MaxWorkloads].Position,
                "estimate them in smaller batches, e.g. one folder or chart at a time");
        }
        var declaredFiles = options.PatternFiles.SelectMany(f => DeclaredPatterns.ParseFile(f, options.Limits)).ToList();
        var catalogue = options.Catalogue ?? AgentCatalogue.Default;
        // Workloads are independent once linked: build them on every core, keeping input order and diagnostics order.
        var built = OrderedParallel.Map(found, o =>
        {
            var own = new List<Diagnostic>();
            return (Workload: Build(set, o, operators.SourceOf(o), catalogue, declaredFiles, options.Limits, own), Diagnostics: own);
        });
        var workloads = new List<Workload>(built.Length);
        foreach (var (workload, own) in built)
        {
            workloads.Add(workload);
            diagnostics.AddRange(own);
        }

        foreach (var entry in declaredFiles.Where(e => !workloads.Any(w => Matches(e, w.Kind, w.Namespace, w.Name))))
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, $"pattern file names workload {entry.Name}, which is not in the inputs", entry.Position));
        }

        diagnostics.AddRange(OperatorResources.Warnings(set, operators));
        return new DiscoveryResult { Workloads = workloads, Manifests = set, Diagnostics = diagnostics, Skipped = skipped };
    }

    private static bool Matches(DeclaredPatterns.FileEntry entry, string kind, string ns, string name) =>
        entry.Name == name && (entry.Namespace is null || entry.Namespace == ns) && (entry.Kind is null || entry.Kind == kind);

    private static Workload Build(
        ManifestSet inputs,
        KubeObject obj,
        OperatorOutput? createdBy,
        IReadOnlyList<IAgentModel> catalogue,
        IReadOnlyList<DeclaredPatterns.FileEntry> declaredFiles,
        InputLimits limits,
        List<Diagnostic> diagnostics)
    {
        var workload = WorkloadObject.From(obj);
        var ns = obj.Namespace ?? "default";
        // Copies of one object in several places (envs/dev, envs/prod): link the nearest to this workload's file.
        var set = inputs.SeenFrom(obj.Position.File);
        var notes = new List<string>(createdBy?.Notes ?? []);
        var agents = new List<string>();
        var patterns = new List<AccessPattern>();
        var unknownContainers = new List<ContainerView>();
        var configMissing = false;
        string? fanIn = null;
        foreach (var container in workload.Containers)
        {
            var context = new AgentContext(workload, container, set.ConfigFilesFor(workload, container), limits) { Manifests = set };
            var model = catalogue.FirstOrDefault(m => m.Detect(context));
            if (model is null)
            {
                unknownContainers.Add(container);
                continue;
            }

            var analysis = model.Analyze(context);
            agents.Add(analysis.Agent);
            notes.AddRange(analysis.Notes);
            fanIn ??= analysis.FanIn;
            configMissing |= !analysis.ConfigFound;
            patterns.AddRange(analysis.Patterns);
        }

        var declared = DeclaredFor(set, workload, declaredFiles, limits, ns);
        PatternSource source;
        var knownAndComplete = agents.Count > 0 && !configMissing;
        var bound = workload.MountsApiToken ? RbacWorstCase.For(set, workload.ServiceAccountName, obj.Namespace) : [];
        if (knownAndComplete && unknownContainers.Count > 0 && declared is null && bound.Count > 0)
        {
            // An unrecognised container shares the service account: counting only the known agents would not be an
            // upper bound. The RBAC bound covers every container; known patterns it does not cover are kept.
            source = PatternSource.RbacWorstCase;
            patterns = [.. bound, .. patterns.Where(p => !bound.Any(b => b.Verb == p.Verb && b.GroupResource == p.GroupResource))];
            foreach (var unknown in unknownContainers)
            {
                notes.Add($"container {unknown.Name} ({unknown.Image}) is not in the catalogue and shares service account {workload.ServiceAccountName}: {UpperBoundNote}");
            }
        }
        else if (knownAndComplete)
        {
            source = patterns.Count == 0 ? PatternSource.None : PatternSource.Catalogue;
            if (declared is not null && unknownContainers.Count == 0)
            {
                notes.Add($"the catalogue read the agent's configuration; the declared patterns ({Annotations(declared.Value.Origin)}) were not used");
            }
            else if (declared is not null)
            {
                // The declaration speaks for the containers the catalogue does not know.
                source = PatternSource.Declared;
                patterns.AddRange(declared.Value.Patterns);
                agents.Add("declared");
            }

            foreach (var unknown in unknownContainers.Where(_ => declared is null))
            {
                notes.Add($"container {unknown.Name} ({unknown.Image}) is not in the catalogue and its RBAC grants nothing in the inputs; its API calls are not counted (declare them with {DeclaredPatterns.Annotation})");
            }
        }
        else if (declared is not null)
        {
            source = PatternSource.Declared;
            patterns = [.. declared.Value.Patterns];
            agents.AddRange(unknownContainers.Select(c => "declared"));
        }
        else if (!workload.MountsApiToken)
        {
            source = PatternSource.None;
            notes.Add("automountServiceAccountToken is false and no token is projected: the pod cannot call the API server");
            agents.AddRange(unknownContainers.Count > 0 && agents.Count == 0 ? ["unknown"] : []);
        }
        else
        {
            source = PatternSource.RbacWorstCase;
            patterns = [.. bound];
            if (agents.Count == 0)
            {
                agents.Add("unknown");
            }

            var what = configMissing ? "the agent's configuration is not in the inputs" : "no container matches the agent catalogue";
            notes.Add(patterns.Count == 0
                ? $"{what} and no RBAC grant to service account {workload.ServiceAccountName} is in the inputs; declare the access patterns with the {DeclaredPatterns.Annotation} annotation, or learn them with gate profile"
                : $"{what}: {UpperBoundNote}");
        }

        patterns = Proxied(patterns, ApiServices.ServedGroups(set), notes);
        if (knownAndComplete && source == PatternSource.None && agents.Count > 0)
        {
            notes.Add("the configuration makes no Kubernetes API requests");
        }

        foreach (var tie in Ties(set, workload))
        {
            notes.Add(tie);
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, $"{obj.Kind} {ns}/{obj.Name}: {tie}", obj.Position));
        }

        foreach (var note in notes)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, $"{obj.Kind} {ns}/{obj.Name}: {note}", obj.Position));
        }

        return new Workload
        {
            Kind = obj.Kind,
            Namespace = ns,
            Name = obj.Name,
            Agent = string.Join("+", agents.Distinct(StringComparer.Ordinal)),
            PatternSource = source,
            Multiplicity = workload.IsDaemonSet ? Multiplicity.PerNode : Multiplicity.PerCluster,
            Replicas = workload.IsDaemonSet ? 1 : workload.Replicas,
            ServiceAccount = workload.ServiceAccountName,
            AccessPatterns = patterns,
            Origin = obj.Position,
            SuppressionOrigin = obj.Annotations.ContainsKey(Policies.Suppressions.AnnotationKey)
                ? obj.Metadata?.GetMapping("annotations")?.PositionOf(Policies.Suppressions.AnnotationKey)
                : null,
            Annotations = obj.Annotations,
            Notes = notes,
            FanIn = source == PatternSource.Catalogue || source == PatternSource.None ? fanIn : null,
            CreatedBy = createdBy?.CreatedBy,
        };
    }

    /// <summary>
    /// The objects this workload links to (mounted ConfigMaps, its service account, the bindings naming it and their
    /// roles) whose copies in other files stood as near as the one linked: said, since the choice has no reason.
    /// </summary>
    private static IEnumerable<string> Ties(ManifestSet view, WorkloadObject workload)
    {
        if (view.Ties.Count == 0)
        {
            return [];
        }

        var account = workload.ServiceAccountName;
        var configMaps = workload.Volumes.SelectMany(WorkloadObject.ConfigMapsOf).Select(c => c.ConfigMap).ToHashSet(StringComparer.Ordinal);
        var roles = view.RulesFor(account, workload.Object.Namespace).Select(r => r.Role).ToHashSet(ReferenceEqualityComparer.Instance);
        return view.Ties
            .Where(t => t.Kept.Kind switch
            {
                "ConfigMap" => configMaps.Contains(t.Kept.Name),
                "ServiceAccount" => t.Kept.Name == account,
                "RoleBinding" or "ClusterRoleBinding" => RbacBinding.Read(t.Kept).ServiceAccounts.Any(sa => sa.Name == account),
                "Role" or "ClusterRole" => roles.Contains(t.Kept),
                _ => false,
            })
            .Select(t => $"{t.Kept.Kind} {t.Kept.Name} is in both {t.Kept.Position.File} and {t.Other.Position.File}, as near to this workload's file as each other: "
                + $"linked to the one in {t.Kept.Position.File}; pass one environment's folder per run, or keep each workload's objects in its own folder");
    }

    /// <summary>
    /// Patterns on a group an extension API server serves (an APIService of the inputs, or a well-known metrics API)
    /// are proxied by the kube-apiserver, not read from its storage: marked, and said once per group.
    /// </summary>
    private static List<AccessPattern> Proxied(List<AccessPattern> patterns, IReadOnlyDictionary<string, string> served, List<string> notes)
    {
        var result = patterns.Select(p => served.TryGetValue(p.Group, out var server) ? p with { ProxiedTo = server } : p).ToList();
        foreach (var group in result.Where(Cost.ProxiedRequests.IsProxied).Select(p => p.Group).Distinct(StringComparer.Ordinal))
        {
            var server = served.GetValueOrDefault(group) ?? $"the extension API server of {group}";
            notes.Add($"requests to {group} are served by {server}: priced as proxying through the kube-apiserver (requests, bytes through, minimum APF seats), not as watch-cache or etcd reads");
        }

        return result;
    }

    /// <summary>What the RBAC bound is and the two ways out of it.</summary>
    internal const string UpperBoundNote =
        "the estimate is an UPPER BOUND from what its RBAC allows (list+watch: an informer cluster-wide; list alone: a poll "
        + "every minute; get and writes: one object every minute); declare the real access patterns with the "
        + DeclaredPatterns.Annotation + " annotation, or learn them from an audit log with gate profile";

    private static string Annotations(SourcePosition? origin) => origin?.ToString() ?? DeclaredPatterns.Annotation;

    private static (IReadOnlyList<AccessPattern> Patterns, SourcePosition? Origin)? DeclaredFor(
        ManifestSet set, WorkloadObject workload, IReadOnlyList<DeclaredPatterns.FileEntry> files, InputLimits limits, string ns)
    {
        var obj = workload.Object;
        var fromFile = files.LastOrDefault(e => Matches(e, obj.Kind, ns, obj.Name));
        if (fromFile is not null)
        {
            return (fromFile.Patterns, fromFile.Position);
        }

        foreach (var metadata in new[] { obj.Metadata, workload.Template.GetMapping("metadata") })
        {
            var annotations = metadata?.GetMapping("annotations");
            if (annotations?[DeclaredPatterns.Annotation] is ManifestScalar value)
            {
                var parsed = DeclaredPatterns.ParseList(value.IsNull ? string.Empty : value.Value, set.PositionsOf(value), limits);
                return (parsed, annotations.PositionOf(DeclaredPatterns.Annotation));
            }
        }

        return null;
    }
}
