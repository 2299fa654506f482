using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.Protocol.Ids;
using Tether.Server.Accounts;
using Tether.Server.Events;
using Tether.Server.Store;
using Tether.Server.Tests.Infrastructure;
using Tether.Testing;

namespace Tether.Server.Tests.Events;

/// <summary>
/// Several appends committed as one group-commit batch, as the writer does when they queue together: each is applied as
/// if it were alone, in order, and a refused one leaves the others untouched.
/// </summary>
public sealed class EventBatchTests : ServerTest
{
    [Fact]
    public async Task A_batch_mixing_sessions_numbers_each_session_without_gaps_in_append_order()
    {
        var a = await Client.CreateSessionAsync();
        var b = await Client.CreateSessionAsync();

        var results = await CommitAsync(
            FromWorker(a, WorkerEvents.Assistant("a1"), WorkerEvents.Assistant("a2")),
            FromWorker(b, WorkerEvents.Assistant("b1")),
            FromWorker(a, WorkerEvents.Assistant("a3")),
            FromWorker(b, WorkerEvents.Assistant("b2"), WorkerEvents.Assistant("b3")));

        Assert.Equal([2L, 1L, 3L, 3L], results.Select(r => r.LastSeq));
        Assert.Equal([(1L, "a1"), (2L, "a2"), (3L, "a3")], await ReadTextsAsync(a));
        Assert.Equal([(1L, "b1"), (2L, "b2"), (3L, "b3")], await ReadTextsAsync(b));
    }

    [Fact]
    public async Task A_uuid_repeated_within_one_batch_or_in_a_later_one_is_stored_once()
    {
        var id = await Client.CreateSessionAsync();
        var repeated = WorkerEvents.Assistant("once");

        var first = await CommitAsync(
            FromWorker(id, repeated, repeated),
            FromWorker(id, repeated, WorkerEvents.Assistant("other")));
        var later = await CommitAsync(FromWorker(id, repeated));

        Assert.Equal([(1, 1), (1, 1)], first.Select(r => (r.Accepted, r.Duplicates)));
        Assert.Equal((0, 1, 2L), (later[0].Accepted, later[0].Duplicates, later[0].LastSeq));
        Assert.Equal([(1L, "once"), (2L, "other")], await ReadTextsAsync(id));
    }

    [Fact]
    public async Task A_batch_too_large_for_one_statement_stores_every_new_event_once_in_order()
    {
        var a = await Client.CreateSessionAsync();
        var b = await Client.CreateSessionAsync();
        var first = Enumerable.Range(0, 300).Select(i => WorkerEvents.Assistant($"a{i}")).ToArray();
        // The second append repeats the last 50 of the first and adds 100 more.
        var second = first[250..].Concat(Enumerable.Range(300, 100).Select(i => WorkerEvents.Assistant($"a{i}"))).ToArray();

        var results = await CommitAsync(FromWorker(a, first), FromWorker(b, WorkerEvents.Assistant("b0")), FromWorker(a, second));

        Assert.Equal([(300, 0, 300L), (1, 0, 1L), (100, 50, 400L)], results.Select(r => (r.Accepted, r.Duplicates, r.LastSeq)));
        var stored = await ReadTextsAsync(a);
        Assert.Equal(Enumerable.Range(1, 400).Select(i => ((long)i, $"a{i - 1}")), stored);
    }

    [Fact]
    public async Task A_refused_append_in_a_batch_does_not_undo_or_renumber_the_others()
    {
        var open = await Client.CreateSessionAsync();
        var archived = await Client.CreateSessionAsync();
        await Client.PostJsonAsync($"/v1/sessions/{archived}/archive", "{}");
        SessionIds.TryGetBody(open, out var openBody);

        var results = await CommitAsync(
            FromWorker(open, WorkerEvents.Assistant("before")),
            FromWorker(archived, WorkerEvents.Assistant("refused")),
            new AppendRequest(openBody, "org_someone_else", EventSource.Worker, Validate(EventSource.Worker, WorkerEvents.Assistant("other org")), "worker"),
            new AppendRequest("no-such-session", null, EventSource.Worker, Validate(EventSource.Worker, WorkerEvents.Assistant("nowhere")), "worker"),
            FromWorker(open, WorkerEvents.Assistant("after")));

        Assert.Equal(
            [AppendStatus.Ok, AppendStatus.SessionArchived, AppendStatus.SessionNotFound, AppendStatus.SessionNotFound, AppendStatus.Ok],
            results.Select(r => r.Status));
        Assert.Equal([(1L, "before"), (2L, "after")], await ReadTextsAsync(open));
        Assert.Empty(await ReadTextsAsync(archived));
    }

    [Fact]
    public async Task Within_one_batch_a_prompt_opens_the_first_answer_wins_and_the_second_names_who_answered()
    {
        var id = await Client.CreateSessionAsync();
        var owner = await OwnerIdAsync();

        var results = await CommitAsync(
            FromWorker(id, WorkerEvents.CanUseTool("req-b1")),
            FromClient(id, owner, WorkerEvents.Allow("req-b1")),
            FromClient(id, owner, WorkerEvents.Deny("req-b1")));
        var session = await Client.GetNodeAsync($"/v1/sessions/{id}");

        Assert.Equal([AppendStatus.Ok, AppendStatus.Ok, AppendStatus.AlreadyAnswered], results.Select(r => r.Status));
        Assert.Equal(("idle", "requires_action"), (results[0].StatusBefore, results[0].StatusAfter));
        Assert.Equal("running", results[1].StatusAfter);
        Assert.Contains(OwnerBootstrap.OwnerEmail, results[2].Message);
        Assert.Contains("allow", results[2].Message);
        Assert.Equal("running", session["session_status"]!.GetValue<string>());
        Assert.Equal(["control_request", "control_response"], (await ReadAllAsync(id)).Select(e => e["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Within_one_batch_a_result_expires_an_open_prompt_so_a_later_answer_is_refused()
    {
        var id = await Client.CreateSessionAsync();
        var owner = await OwnerIdAsync();

        var results = await CommitAsync(
            FromWorker(id, WorkerEvents.CanUseTool("req-b2")),
            FromWorker(id, WorkerEvents.Result()),
            FromClient(id, owner, WorkerEvents.Allow("req-b2")));
        var session = await Client.GetNodeAsync($"/v1/sessions/{id}");
        using var late = await Client.PostEventsAsync(id, WorkerEvents.Allow("req-b2"));

        Assert.Equal([AppendStatus.Ok, AppendStatus.Ok, AppendStatus.AlreadyAnswered], results.Select(r => r.Status));
        Assert.Contains("expired", results[2].Message);
        Assert.Equal("idle", session["session_status"]!.GetValue<string>());
        Assert.Equal(System.Net.HttpStatusCode.Conflict, late.StatusCode);
    }

    private async Task<AppendResult[]> CommitAsync(params AppendRequest[] requests)
    {
        var database = Server.GetRequiredService<Database>();
        var (connection, transaction) = await database.BeginWriteAsync(CancellationToken.None);
        await using (connection)
        await using (transaction)
        {
            var results = await Server.GetRequiredService<EventAppender>().ApplyAsync(
                connection, transaction, [.. requests.Select(r => new PendingAppend(r))], CancellationToken.None);
            await transaction.CommitAsync();
            return results;
        }
    }

    private AppendRequest FromWorker(string sessionId, params string[] payloads) =>
        new(Body(sessionId), null, EventSource.Worker, Validate(EventSource.Worker, payloads), "worker");

    private AppendRequest FromClient(string sessionId, string actor, params string[] payloads) =>
        new(Body(sessionId), null, EventSource.Client, Validate(EventSource.Client, payloads), actor);

    private static string Body(string sessionId)
    {
        Assert.True(SessionIds.TryGetBody(sessionId, out var body));
        return body;
    }

    private IReadOnlyList<IncomingEvent> Validate(EventSource source, params string[] payloads)
    {
        var validation = Server.GetRequiredService<EventValidator>().Validate([.. payloads.Select(p => JsonDocument.Parse(p).RootElement)], source);
        Assert.Null(validation.Error);
        return validation.Events!;
    }

    private async Task<string> OwnerIdAsync()
    {
        await using var connection = await Server.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        await using var command = connection.Command("SELECT id FROM users WHERE email = @e").With("@e", OwnerBootstrap.OwnerEmail);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<(long Seq, string Text)>> ReadTextsAsync(string id) =>
        [.. (await ReadAllAsync(id)).Select(e => (e["sequence_num"]!.GetValue<long>(), e["message"]!["content"]![0]!["text"]!.GetValue<string>()))];

    private async Task<List<JsonNode>> ReadAllAsync(string id)
    {
        var all = new List<JsonNode>();
        string? after = null;
        for (var pages = 0; pages < 20; pages++)
        {
            var page = await Client.GetNodeAsync($"/v1/sessions/{id}/events?limit=100" + (after is null ? "" : $"&after_id={after}"));
            all.AddRange(page["data"]!.AsArray().Select(e => e!));
            if (!page["has_more"]!.GetValue<bool>())
            {
                return all;
            }

            after = page["last_id"]!.GetValue<string>();
        }

        throw new InvalidOperationException("More than 20 pages of events.");
    }
}
