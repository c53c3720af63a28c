namespace Gate.Core.Cost;

/// <summary>
/// The work APF charges one request (upstream <c>request.WorkEstimate</c>): <see cref="InitialSeats"/> while it
/// executes, then <see cref="FinalSeats"/> for <see cref="AdditionalLatency"/> (the watch-event fan-out of a write).
/// </summary>
public readonly record struct WorkEstimate(int InitialSeats, int FinalSeats, TimeSpan AdditionalLatency)
{
    /// <summary>A request that occupies <paramref name="seats"/> seats while it executes and nothing after.</summary>
    public static WorkEstimate Width(int seats) => new(seats, 0, TimeSpan.Zero);

    /// <summary>The wider of the two phases (upstream <c>WorkEstimate.MaxSeats</c>).</summary>
    public int MaxSeats => Math.Max(InitialSeats, FinalSeats);

    /// <summary>Seat-seconds of the request when its execution phase lasts <paramref name="executionSeconds"/>.</summary>
    public double SeatSeconds(double executionSeconds) =>
        (InitialSeats * executionSeconds) + (FinalSeats * AdditionalLatency.TotalSeconds);
}
