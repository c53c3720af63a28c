using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Gate.Analyzers.Kubernetes;

/// <summary>
/// Finds whether a call runs repeatedly: inside a <c>while</c>/<c>do</c> loop or a <c>for</c> loop without a
/// condition, or inside a lambda handed to <c>System.Threading.Timer</c> or <c>System.Timers.Timer.Elapsed</c>.
/// <c>foreach</c> and bounded <c>for</c> loops walk a finite collection and do not count; a paginated LIST
/// (<c>continueParameter</c> passed) does not count its own innermost loop, which is the page loop; a call inside a
/// <c>catch</c> clause is recovery and does not count either.
/// </summary>
public static class PollingPath
{
    /// <summary>Says how often the call runs (<c>loop iteration</c>, <c>timer tick</c>); null when it does not poll.</summary>
    public static string? FindReason(KubernetesCall call, Compilation compilation)
    {
        if (call is null || compilation is null)
        {
            return null;
        }

        var threadingTimer = compilation.GetTypeByMetadataName("System.Threading.Timer");
        var timersTimer = compilation.GetTypeByMetadataName("System.Timers.Timer");
        var pageLoopPending = call.GetState(KubernetesCall.Parameters.Continue) != ArgumentState.Unset;
        for (var node = call.Invocation.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case IWhileLoopOperation:
                case IForLoopOperation { Condition: null }:
                    if (pageLoopPending)
                    {
                        pageLoopPending = false;
                        break;
                    }

                    return "loop iteration";
                case IAnonymousFunctionOperation function when IsTimerCallback(function, threadingTimer, timersTimer):
                    return "timer tick";
                case ICatchClauseOperation:
                    // Recovery (e.g. relisting once after 410 Gone) runs on failure, not on every iteration.
                    return null;
            }
        }

        return null;
    }

    private static bool IsTimerCallback(IOperation function, INamedTypeSymbol? threadingTimer, INamedTypeSymbol? timersTimer)
    {
        var node = function.Parent;
        while (node is IDelegateCreationOperation or IConversionOperation)
        {
            node = node.Parent;
        }

        return node switch
        {
            IArgumentOperation { Parent: IObjectCreationOperation creation } =>
                SymbolEqualityComparer.Default.Equals(creation.Type, threadingTimer),
            IEventAssignmentOperation { EventReference: IEventReferenceOperation { Event: { Name: "Elapsed" } elapsed } } =>
                SymbolEqualityComparer.Default.Equals(elapsed.ContainingType, timersTimer),
            _ => false,
        };
    }
}
