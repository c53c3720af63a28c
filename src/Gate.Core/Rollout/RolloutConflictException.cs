namespace Gate.Core.Rollout;

/// <summary>A resourceVersion precondition failed (HTTP 409): someone else changed the object; re-read and decide again.</summary>
public class RolloutConflictException : Exception
{
    public RolloutConflictException(string message, Exception? inner) : base(message, inner) { }

    public RolloutConflictException() : this("conflict", null) { }

    public RolloutConflictException(string message) : this(message, null) { }
}
