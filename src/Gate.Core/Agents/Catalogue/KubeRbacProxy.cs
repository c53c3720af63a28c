using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// kube-rbac-proxy (<c>*/kube-rbac-proxy</c>: brancz, kubebuilder, OpenShift's <c>origin-kube-rbac-proxy</c>), the
/// sidecar that puts authentication and authorization in front of a metrics endpoint (read in brancz/kube-rbac-proxy
/// at v0.21.0). It lists and watches nothing. Each scrape's bearer token is checked with a TokenReview
/// (pkg/authn/delegating.go <c>NewDelegatingAuthenticator</c>: the apiserver's delegating authenticator, results cached
/// for a fixed 2 minutes) and the request with a SubjectAccessReview (pkg/authz/auth.go <c>NewSarAuthorizer</c>:
/// allowed decisions cached 5 minutes, denied ones 30 s). Neither TTL is a flag. With scrapes more frequent than the
/// TTLs, one scraper identity costs every proxy one TokenReview create per 2 minutes and one SubjectAccessReview
/// create per 5 minutes. <c>--oidc-issuer</c> replaces the TokenReview by OIDC token verification
/// (cmd/kube-rbac-proxy/app/kube-rbac-proxy.go); a static authorization in <c>--config-file</c> answers matching requests
/// without a SubjectAccessReview (noted, counted as the worst case).
/// </summary>
public sealed class KubeRbacProxy : IAgentModel
{
    /// <summary>The TokenReview cache TTL (pkg/authn/delegating.go).</summary>
    private const double TokenReviewTtlSeconds = 120;

    /// <summary>The allowed SubjectAccessReview cache TTL (pkg/authz/auth.go).</summary>
    private const double AllowCacheTtlSeconds = 300;

    public string Id => "kube-rbac-proxy";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Container.ImageRepository.EndsWith("kube-rbac-proxy", StringComparison.Ordinal);
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origin = context.Container.ImagePosition;
        var patterns = new List<AccessPattern>();
        var notes = new List<string>
        {
            "kube-rbac-proxy: one TokenReview per 2 min and one SubjectAccessReview per 5 min per scraper identity (fixed cache TTLs); counted for one scraper",
        };
        if (context.Flag("--oidc-issuer") is not { Value.Length: > 0 })
        {
            patterns.Add(Review("authentication.k8s.io", "tokenreviews", TokenReviewTtlSeconds, origin, "kube-rbac-proxy: TokenReview of the scraper's token, cached 2 min"));
        }

        if (context.HasFlag("--config-file"))
        {
            notes.Add("kube-rbac-proxy --config-file: a static authorization there answers matching requests without a SubjectAccessReview; counted as if none matched");
        }

        patterns.Add(Review("authorization.k8s.io", "subjectaccessreviews", AllowCacheTtlSeconds, origin, "kube-rbac-proxy: SubjectAccessReview of the scrape, allowed decisions cached 5 min"));
        return new AgentAnalysis { Agent = Id, Patterns = patterns, Notes = notes };
    }

    private static AccessPattern Review(string group, string resource, double period, SourcePosition origin, string reason) =>
        new()
        {
            Verb = ApiVerb.Create, Group = group, Resource = resource, Scope = PatternScope.Object, PeriodSeconds = period,
            Origin = origin, Reason = reason,
        };
}
