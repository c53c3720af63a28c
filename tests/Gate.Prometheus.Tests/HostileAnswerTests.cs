using System.Diagnostics;
using Gate.Core.Health;
using Gate.Testing;

namespace Gate.Prometheus.Tests;

/// <summary>
/// Answers a real Prometheus never sends but a proxy, a broken build or an attacker can (issue #21): each is an
/// error the judge reads as inconclusive, never data and never an exception; bodies are capped and read within the
/// attempt's deadline; Retry-After is honoured; credentials never appear in messages.
/// </summary>
public sealed class HostileAnswerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1767225600);
    private HostilePrometheus server = null!;

    public async Task InitializeAsync() => server = await HostilePrometheus.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    public static TheoryData<string> MalformedNames() => [.. HostileAnswer.Malformed.Select(m => m.Name)];

    private static HealthQuery Range(string expression = "up") => new() { Signal = "s", Expression = expression, Start = T0, End = T0.AddMinutes(1), Step = TimeSpan.FromSeconds(15) };

    private PrometheusHealthSource Source(PrometheusClientOptions? options = null, Uri? address = null) =>
        new(new PrometheusClient(new HttpClient(), address ?? server.Address, options ?? new PrometheusClientOptions { MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(5) }));

    [Theory]
    [MemberData(nameof(MalformedNames))]
    public async Task QueryAsync_MalformedAnswer_IsAnErrorNeverAnException(string name)
    {
        server.Answer = (_, _) => HostileAnswer.Malformed.Single(m => m.Name == name).Answer;

        var result = await Source().QueryAsync(Range());

        Assert.False(result.IsSuccess);
        Assert.Empty(result.Series);
        Assert.DoesNotContain('\n', result.Error!.Message);
    }

    [Theory]
    [MemberData(nameof(MalformedNames))]
    public async Task EvaluateAsync_MalformedAnswer_JudgedInconclusive(string name)
    {
        server.Answer = (_, _) => HostileAnswer.Malformed.Single(m => m.Name == name).Answer;
        var pack = HealthPackLoader.BuiltIn();

        var verdict = await new HealthJudge(pack, Source()).EvaluateAsync(HealthWindow.Ending(T0, TimeSpan.FromMinutes(5)));

        Assert.Equal(HealthOutcome.Inconclusive, verdict.Outcome);
        Assert.All(verdict.Signals.Where(s => !s.Skipped), s => Assert.Equal(HealthOutcome.Inconclusive, s.Outcome));
    }

    [Fact]
    public async Task QueryAsync_ZeroThenPlusInf_FailsTheSignal()
    {
        server.Answer = (_, _) => new HostileAnswer(200, """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1767225600,"0"],[1767225615,"+Inf"]]}]}}""");
        var pack = HealthPackLoader.BuiltIn();

        var verdict = await new HealthJudge(pack, Source()).EvaluateAsync(HealthWindow.Ending(T0, TimeSpan.FromMinutes(5)));

        Assert.Equal(HealthOutcome.Fail, verdict.Outcome);
    }

    [Fact]
    public async Task QueryAsync_AnswerOver16MiB_IsAnErrorAndNotRead()
    {
        server.Answer = (_, _) => HostileAnswer.Oversized(200L * 1024 * 1024);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var result = await Source().QueryAsync(Range());

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(HealthQueryErrorKind.ServerError, result.Error!.Kind);
        Assert.Equal("HTTP 200: the answer is larger than 16 MiB; not read", result.Error.Message);
        // the 200 MiB answer was abandoned after 16 MiB: far less than its size was ever allocated
        Assert.True(allocated < 120L * 1024 * 1024, $"{allocated / (1024 * 1024)} MiB allocated");
    }

    [Fact]
    public async Task QueryAsync_ManyOversizedAnswersAtOnce_AtMostTwoBufferedAtATime()
    {
        using var handler = new EndlessAnswers();
        var client = new PrometheusClient(new HttpClient(handler), new Uri("http://prometheus.invalid/"), new PrometheusClientOptions { MaxRetries = 0, MaxBodyBytes = 256 * 1024 });

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => new PrometheusHealthSource(client).QueryAsync(Range())));

        Assert.All(results, r => Assert.Contains("larger than", r.Error!.Message, StringComparison.Ordinal));
        Assert.Equal(10, handler.Answers);
        Assert.InRange(handler.MostReadAtOnce, 1, 2);
    }

    [Fact]
    public async Task QueryAsync_BodySlowerThanTheAttemptTimeout_TimesOut()
    {
        // headers at once, then 64 KiB every 500 ms: the body read is inside the attempt's 1 s deadline
        server.Answer = (_, _) => HostileAnswer.Oversized(10L * 1024 * 1024) with { ChunkDelay = TimeSpan.FromMilliseconds(500) };
        var watch = Stopwatch.StartNew();

        var result = await Source(new PrometheusClientOptions { MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(1) }).QueryAsync(Range());

        Assert.Equal(HealthQueryErrorKind.Timeout, result.Error!.Kind);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 5);
    }

    [Fact]
    public async Task QueryAsync_429WithRetryAfter_WaitsThatLongThenAnswers()
    {
        server.Answer = (n, _) => n == 0 ? new HostileAnswer(429, """{"status":"error","error":"too many"}""", RetryAfterSeconds: 2) : HostileAnswer.Matrix("0.1");
        var watch = Stopwatch.StartNew();

        var result = await Source(new PrometheusClientOptions { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(10) }).QueryAsync(Range());

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.InRange(watch.Elapsed.TotalSeconds, 1.9, 10);
        Assert.Equal(2, server.Queries);
    }

    [Fact]
    public async Task QueryAsync_UserInfoInTheUrl_SentAsBasicAuthAndNeverShown()
    {
        server.Answer = (_, _) => new HostileAnswer(400, """{"status":"error","errorType":"bad_data","error":"parse error"}""");
        var address = new UriBuilder(server.Address) { UserName = "gate", Password = "s3cret-pass" }.Uri;
        var source = Source(address: address);

        var result = await source.QueryAsync(Range());

        Assert.Equal("Basic " + Convert.ToBase64String("gate:s3cret-pass"u8.ToArray()), server.Authorizations.Single());
        Assert.DoesNotContain("s3cret", source.Name, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryAsync_TokenEchoedInTheErrorBody_IsRedactedByValue()
    {
        const string token = "tok-9f8e7d6c5b4a39281706";
        server.Answer = (_, _) => new HostileAnswer(401, $$$"""{"status":"error","errorType":"unauthorized","error":"token {{{token}}} rejected"}""");

        var result = await Source(new PrometheusClientOptions { MaxRetries = 0, BearerToken = token }).QueryAsync(Range());

        Assert.DoesNotContain(token, result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", result.Error.Message, StringComparison.Ordinal);
    }

    /// <summary>Answers every request with endless JSON whitespace, counting how many answers are being read at once.</summary>
    private sealed class EndlessAnswers : HttpMessageHandler
    {
        private int reading;
        private int mostReadAtOnce;
        private int answers;

        public int MostReadAtOnce => Volatile.Read(ref mostReadAtOnce);

        public int Answers => Volatile.Read(ref answers);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref answers);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StreamContent(new Endless(this)) });
        }

        private sealed class Endless(EndlessAnswers owner) : Stream
        {
            private bool started;
            private bool ended;

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => 0; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                if (!started)
                {
                    started = true;
                    var now = Interlocked.Increment(ref owner.reading);
                    InterlockedMax(ref owner.mostReadAtOnce, now);
                }

                await Task.Delay(1, cancellationToken);
                buffer.Span.Fill((byte)' ');
                return buffer.Length;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (started && !ended)
                {
                    ended = true;
                    Interlocked.Decrement(ref owner.reading);
                }

                base.Dispose(disposing);
            }

            private static void InterlockedMax(ref int target, int value)
            {
                int seen;
                while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
                {
                }
            }
        }
    }
}
