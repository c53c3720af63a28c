using System;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Gate.Analyzers.Kubernetes;

/// <summary>
/// A LIST or WATCH call on a KubernetesClient collection endpoint, recognised by symbol: a method of a type in the
/// <c>k8s</c> namespace (the generated <c>*OperationsExtensions</c> and <c>I*Operations</c>) whose name is
/// <c>List…</c> or <c>WatchList…</c> and which takes <c>fieldSelector</c> and <c>limit</c>.
/// </summary>
public sealed class KubernetesCall
{
    /// <summary>Parameter names shared by every generated collection call.</summary>
    public static class Parameters
    {
        /// <summary>The field selector.</summary>
        public const string FieldSelector = "fieldSelector";

        /// <summary>The label selector.</summary>
        public const string LabelSelector = "labelSelector";

        /// <summary>The page size.</summary>
        public const string Limit = "limit";

        /// <summary>The continue token of a paginated LIST.</summary>
        public const string Continue = "continueParameter";

        /// <summary>The resourceVersion the read is served at.</summary>
        public const string ResourceVersion = "resourceVersion";

        /// <summary>Whether a WATCH receives BOOKMARK events.</summary>
        public const string AllowWatchBookmarks = "allowWatchBookmarks";

        /// <summary>The server-side timeout of a LIST or WATCH.</summary>
        public const string TimeoutSeconds = "timeoutSeconds";

        /// <summary>The flag that turns a <c>List…WithHttpMessagesAsync</c> into a WATCH.</summary>
        public const string Watch = "watch";
    }

    private const string HttpMessagesSuffix = "WithHttpMessagesAsync";
    private const string AsyncSuffix = "Async";
    private const string WatchListPrefix = "WatchList";
    private const string ListPrefix = "List";
    private const string AllNamespacesSuffix = "ForAllNamespaces";
    private const string NamespacedPrefix = "Namespaced";
    private const string NamespaceParameter = "namespaceParameter";

    private KubernetesCall(IInvocationOperation invocation, CallKind kind, string resource, bool isClusterWide)
    {
        Invocation = invocation;
        Kind = kind;
        Resource = resource;
        IsClusterWide = isClusterWide;
    }

    /// <summary>The call.</summary>
    public IInvocationOperation Invocation { get; }

    /// <summary>LIST or WATCH.</summary>
    public CallKind Kind { get; }

    /// <summary>The resource kind as the method names it: <c>Pod</c>, <c>Node</c>, <c>EndpointSlice</c>…</summary>
    public string Resource { get; }

    /// <summary>True for <c>…ForAllNamespaces</c> calls and for cluster-scoped resources (nodes, namespaces…).</summary>
    public bool IsClusterWide { get; }

    /// <summary>The method name: <c>ListPodForAllNamespacesAsync</c>.</summary>
    public string MethodName => Invocation.TargetMethod.Name;

    /// <summary>Where diagnostics point: the method name of the call.</summary>
    public Location NameLocation
    {
        get
        {
            var syntax = Invocation.Syntax is InvocationExpressionSyntax call ? call.Expression : Invocation.Syntax;
            var name = syntax switch
            {
                MemberAccessExpressionSyntax member => member.Name,
                MemberBindingExpressionSyntax binding => binding.Name,
                _ => syntax,
            };
            return name.GetLocation();
        }
    }

    /// <summary>Recognises a KubernetesClient LIST or WATCH call.</summary>
    public static bool TryCreate(IInvocationOperation invocation, out KubernetesCall call)
    {
        call = null!;
        var method = invocation.TargetMethod;
        if (!IsInKubernetesNamespace(method.ContainingType)
            || !method.Parameters.Any(p => p.Name == Parameters.FieldSelector)
            || !method.Parameters.Any(p => p.Name == Parameters.Limit))
        {
            return false;
        }

        var name = StripSuffix(StripSuffix(method.Name, HttpMessagesSuffix), AsyncSuffix);
        string rest;
        CallKind kind;
        if (name.StartsWith(WatchListPrefix, StringComparison.Ordinal))
        {
            kind = CallKind.Watch;
            rest = name.Substring(WatchListPrefix.Length);
        }
        else if (name.StartsWith(ListPrefix, StringComparison.Ordinal))
        {
            rest = name.Substring(ListPrefix.Length);
            kind = IsTrue(invocation, Parameters.Watch) ? CallKind.Watch : CallKind.List;
        }
        else
        {
            return false;
        }

        bool clusterWide;
        if (rest.EndsWith(AllNamespacesSuffix, StringComparison.Ordinal))
        {
            clusterWide = true;
            rest = rest.Substring(0, rest.Length - AllNamespacesSuffix.Length);
        }
        else if (rest.StartsWith(NamespacedPrefix, StringComparison.Ordinal))
        {
            clusterWide = false;
            rest = rest.Substring(NamespacedPrefix.Length);
        }
        else
        {
            clusterWide = !method.Parameters.Any(p => p.Name == NamespaceParameter);
        }

        if (rest.Length == 0)
        {
            return false;
        }

        call = new KubernetesCall(invocation, kind, rest, clusterWide);
        return true;
    }

    /// <summary>What the call passes for <paramref name="parameter"/>.</summary>
    public ArgumentState GetState(string parameter)
    {
        var value = GetValue(parameter);
        if (value is null || value is IDefaultValueOperation)
        {
            return ArgumentState.Unset;
        }

        if (value.ConstantValue.HasValue)
        {
            return value.ConstantValue.Value is null ? ArgumentState.Unset : ArgumentState.Constant;
        }

        return ArgumentState.Unknown;
    }

    /// <summary>True when <paramref name="parameter"/> is passed as the constant <c>true</c>.</summary>
    public bool IsTrue(string parameter) => IsTrue(Invocation, parameter);

    /// <summary>
    /// The text of a string argument as far as it is known at compile time: constants verbatim, interpolation holes
    /// and non-constant operands of <c>+</c> as <c>{}</c>. Null when unset or not a string built in place.
    /// </summary>
    public string? GetKnownText(string parameter)
    {
        var value = GetValue(parameter);
        if (value is null)
        {
            return null;
        }

        var text = new StringBuilder();
        return AppendText(value, text, top: true) ? text.ToString() : null;
    }

    private IOperation? GetValue(string parameter) => GetValue(Invocation, parameter);

    private static IOperation? GetValue(IInvocationOperation invocation, string parameter)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == parameter)
            {
                return argument.ArgumentKind == ArgumentKind.DefaultValue ? null : Unwrap(argument.Value);
            }
        }

        return null;
    }

    private static bool IsTrue(IInvocationOperation invocation, string parameter) =>
        GetValue(invocation, parameter) is { ConstantValue: { HasValue: true, Value: true } };

    private static IOperation Unwrap(IOperation value)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        return value;
    }

    private static bool AppendText(IOperation value, StringBuilder text, bool top)
    {
        value = Unwrap(value);
        switch (value)
        {
            case { ConstantValue: { HasValue: true, Value: string constant } }:
                text.Append(constant);
                return true;
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    text.Append(part is IInterpolatedStringTextOperation { Text.ConstantValue.Value: string s } ? s : "{}");
                }

                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                return AppendText(binary.LeftOperand, text, top: false) && AppendText(binary.RightOperand, text, top: false);
            default:
                if (top)
                {
                    return false;
                }

                text.Append("{}");
                return true;
        }
    }

    private static bool IsInKubernetesNamespace(INamedTypeSymbol? type) =>
        type?.ContainingNamespace is { Name: "k8s" } ns && ns.ContainingNamespace is { IsGlobalNamespace: true };

    private static string StripSuffix(string name, string suffix) =>
        name.EndsWith(suffix, StringComparison.Ordinal) ? name.Substring(0, name.Length - suffix.Length) : name;
}
