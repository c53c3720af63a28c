namespace Gate.Cli.Tests;

public class SecretRedactorTests
{
    [Theory]
    [InlineData("Authorization: Bearer abc.def-ghi", "abc.def-ghi")]
    [InlineData("token ghp_abcdefghijklmnopqrstuvwxyz0123", "ghp_abcdefghijklmnopqrstuvwxyz0123")]
    [InlineData("GET https://user:hunter2@example.invalid/x", "hunter2")]
    [InlineData("client-key-data: LS0tLS1CRUdJTg==", "LS0tLS1CRUdJTg==")]
    [InlineData("{\"token\":\"s3cr3t\"}", "s3cr3t")]
    public void Redact_TextWithSecret_RemovesSecret(string text, string secret)
    {
        var redacted = SecretRedactor.Redact(text);

        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains("***", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_RememberedCredentialEchoedInABody_RemovedByValue()
    {
        const string token = "eyJhbGciOi-echoed-7a1c";
        Gate.Core.Diagnostics.SecretValues.Remember(token);

        var redacted = SecretRedactor.Redact($$"""response body {"message":"credential "{{token}}" is not allowed"}""");

        Assert.DoesNotContain(token, redacted, StringComparison.Ordinal);
        Assert.Contains("credential \"***\"", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_TextWithoutSecret_Unchanged()
    {
        const string text = "daemonset kube-system/otel-agent: 5000 nodes, 4.2 GB/s";

        Assert.Equal(text, SecretRedactor.Redact(text));
    }
}
