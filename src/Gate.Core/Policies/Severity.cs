namespace Gate.Core.Policies;

/// <summary>How serious a finding is. <see cref="Off"/> disables a rule.</summary>
public enum Severity
{
    /// <summary>Disabled: the rule does not run.</summary>
    Off = 0,

    /// <summary>Informational; never fails a check.</summary>
    Note = 1,

    /// <summary>Fails the check only with <c>--fail-on warning</c>.</summary>
    Warning = 2,

    /// <summary>Fails the check.</summary>
    Error = 3,
}
