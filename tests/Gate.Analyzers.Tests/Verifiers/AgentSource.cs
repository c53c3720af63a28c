namespace Gate.Analyzers.Tests.Verifiers;

/// <summary>Wraps statements in a node agent class so each test states only the calls it is about.</summary>
internal static class AgentSource
{
    /// <summary>
    /// A class with an <c>IKubernetes client</c> field, whose <c>RunAsync(CancellationToken ct)</c> holds
    /// <paramref name="body"/>; <paramref name="members"/> go beside it.
    /// </summary>
    public static string Method(string body, string members = "") => $$"""
        using System;
        using System.Net;
        using System.Threading;
        using System.Threading.Tasks;
        using k8s;

        public sealed class Agent
        {
            private readonly IKubernetes client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1" });

            public async Task RunAsync(CancellationToken ct)
            {
        {{Indent(body)}}
            }
        {{members}}
        }
        """;

    private static string Indent(string body) =>
        string.Join("\n", body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(line => line.Length == 0 ? line : "        " + line));
}
