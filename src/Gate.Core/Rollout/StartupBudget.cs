namespace Gate.Core.Rollout;

/// <summary>
/// Caps how many agent pods a stage starts at once so their start-up burst (initial LISTs and GETs, in APF seats)
/// fits the headroom of the priority level the agent lands in.
/// </summary>
public static class StartupBudget
{
    /// <summary>The largest batch whose start-up seats fit: <c>floor(headroom / seatsPerStart)</c>, between 1 and <paramref name="ceiling"/>.</summary>
    /// <param name="startupSeatsPerPod">Seats one starting agent replica occupies (Σ seats of its initial requests).</param>
    /// <param name="headroomSeats">Seats of the priority level not used by the current load.</param>
    /// <param name="ceiling">Upper bound when the burst is negligible.</param>
    public static int MaxConcurrentStarts(double startupSeatsPerPod, double headroomSeats, int ceiling = 500)
    {
        if (ceiling < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ceiling));
        }

        if (startupSeatsPerPod <= 0 || double.IsNaN(startupSeatsPerPod))
        {
            return ceiling;
        }

        if (headroomSeats <= 0 || double.IsNaN(headroomSeats))
        {
            return 1;
        }

        var fit = Math.Floor(headroomSeats / startupSeatsPerPod);
        return (int)Math.Clamp(fit, 1, ceiling);
    }
}
