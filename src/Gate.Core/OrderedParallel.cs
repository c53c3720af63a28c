using System.Runtime.ExceptionServices;

namespace Gate.Core;

/// <summary>
/// Maps a list on every core and keeps the sequential contract: results in input order, and when items fail the
/// exception of the earliest failing item is rethrown (so error messages do not depend on thread timing).
/// </summary>
internal static class OrderedParallel
{
    public static TResult[] Map<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> map)
    {
        var results = new TResult[items.Count];
        if (items.Count < 2 || Environment.ProcessorCount < 2)
        {
            for (var i = 0; i < items.Count; i++)
            {
                results[i] = map(items[i]);
            }

            return results;
        }

        var failures = new Exception?[items.Count];
        Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                results[i] = map(items[i]);
            }
#pragma warning disable CA1031 // rethrown below, in input order
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures[i] = ex;
            }
        });

        foreach (var failure in failures)
        {
            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }

        return results;
    }
}
