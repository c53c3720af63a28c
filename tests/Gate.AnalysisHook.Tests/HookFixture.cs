using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;

namespace Gate.AnalysisHook.Tests;

/// <summary>A running <c>gate serve</c> endpoint on a loopback port with a scripted health source.</summary>
internal sealed class HookFixture : IAsyncDisposable
{
    public const string Token = "test-token-7f3a";

    private HookFixture(AnalysisHookServer server, ScriptedVerdictSource source, FakeTimeProvider clock)
    {
        Server = server;
        Source = source;
        Clock = clock;
        Client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public AnalysisHookServer Server { get; }

    public ScriptedVerdictSource Source { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Client { get; }

    public static async Task<HookFixture> StartAsync(TimeSpan? requestTimeout = null)
    {
        var source = new ScriptedVerdictSource();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var options = new HookOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Token = Token,
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(8),
        };
        return new HookFixture(await AnalysisHookServer.StartAsync(options, source, clock), source, clock);
    }

    public HttpRequestMessage Request(HttpMethod method, string pathAndQuery, string? token = Token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, pathAndQuery) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
