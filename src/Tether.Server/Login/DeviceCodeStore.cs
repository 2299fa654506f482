using System.Data.Common;
using Tether.Protocol.Ids;
using Tether.Server.Accounts;
using Tether.Server.Store;

namespace Tether.Server.Login;

/// <summary>The <c>device_codes</c> table: RFC 8628 requests, their approval and their one-time exchange.</summary>
internal sealed class DeviceCodeStore(Database database, TimeProvider timeProvider)
{
    private const string Columns = "user_code, client_name, scopes, status, org_id, user_id, expires_at";
    private const int MaxUserCodeAttempts = 5;

    private long Now => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Creates a request; returns the device code (shown once) and the user code.</summary>
    public async Task<(string DeviceCode, string UserCode)> CreateAsync(
        string? clientName, IReadOnlySet<string> scopes, TimeSpan interval, CancellationToken cancellationToken)
    {
        var deviceCode = TokenPrefixes.DeviceCode + SessionIds.RandomToken(32);
        await using var connection = await database.OpenAsync(cancellationToken);
        // User codes have 20^8 values, so a clash with a live code is rare; a retry settles it.
        for (var attempt = 0; attempt < MaxUserCodeAttempts; attempt++)
        {
            var userCode = UserCode.New();
            await using var insert = connection.Command(
                """
                INSERT INTO device_codes (device_code_hash, user_code, client_name, scopes, status, interval_seconds, created_at, expires_at)
                VALUES (@h, @u, @c, @s, @st, @i, @t, @e) ON CONFLICT (user_code) DO NOTHING
                """);
            var inserted = await insert.With("@h", TokenHasher.Hash(deviceCode)).With("@u", userCode).With("@c", clientName)
                .With("@s", Scopes.Join(scopes)).With("@st", DeviceCodeStatuses.Pending).With("@i", (long)interval.TotalSeconds)
                .With("@t", Now).With("@e", Now + (long)LoginLifetimes.DeviceCode.TotalMilliseconds)
                .ExecuteNonQueryAsync(cancellationToken);
            if (inserted == 1)
            {
                return (deviceCode, userCode);
            }

            await DeleteExpiredAsync(connection, cancellationToken);
        }

        throw new InvalidOperationException("Could not allocate a unique user code.");
    }

    public async Task<DeviceCodeRecord?> FindByUserCodeAsync(string userCode, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM device_codes WHERE user_code = @u");
        await using var reader = await command.With("@u", userCode).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Approves (with the approver's org, user and granted scopes) or denies a pending, unexpired request.</summary>
    public async Task<DeviceDecisionOutcome> DecideAsync(
        string userCode, bool approve, string orgId, string userId, IReadOnlySet<string> scopes, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var update = connection.Command(
            """
            UPDATE device_codes SET status = @st, org_id = @o, user_id = @u, scopes = @s
            WHERE user_code = @c AND status = @pending AND expires_at > @t
            """))
        {
            var changed = await update.With("@st", approve ? DeviceCodeStatuses.Approved : DeviceCodeStatuses.Denied)
                .With("@o", orgId).With("@u", userId).With("@s", Scopes.Join(scopes)).With("@c", userCode)
                .With("@pending", DeviceCodeStatuses.Pending).With("@t", Now).ExecuteNonQueryAsync(cancellationToken);
            if (changed == 1)
            {
                return DeviceDecisionOutcome.Decided;
            }
        }

        await using var select = connection.Command("SELECT status, expires_at FROM device_codes WHERE user_code = @c");
        await using var reader = await select.With("@c", userCode).ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return DeviceDecisionOutcome.NotFound;
        }

        return reader.GetString(0) == DeviceCodeStatuses.Pending ? DeviceDecisionOutcome.Expired : DeviceDecisionOutcome.AlreadyDecided;
    }

    /// <summary>
    /// One poll by the device. Enforces the interval (slow_down adds 5 s to it) and, for an approved code, marks it consumed
    /// in the same transaction, so exactly one poll ever sees <see cref="DevicePollStatus.Approved"/>.
    /// </summary>
    public async Task<DevicePoll> PollAsync(string deviceCode, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await database.BeginWriteAsync(cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var hash = TokenHasher.Hash(deviceCode);
            DeviceCodeRecord? record;
            long interval;
            long? lastPolled;
            await using (var select = connection.Command(
                $"SELECT {Columns}, interval_seconds, last_polled_at FROM device_codes WHERE device_code_hash = @h{database.ForUpdate}", transaction))
            {
                await using var reader = await select.With("@h", hash).ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return new DevicePoll(DevicePollStatus.Invalid, null, 0);
                }

                record = Read(reader);
                interval = reader.GetInt64(7);
                lastPolled = reader.GetNullableInt64(8);
            }

            var now = Now;
            var status = Classify(record, now, interval, lastPolled);
            if (status == DevicePollStatus.SlowDown)
            {
                interval += (long)LoginLifetimes.SlowDownStep.TotalSeconds;
            }

            await using (var update = connection.Command(
                "UPDATE device_codes SET last_polled_at = @t, interval_seconds = @i, status = @st WHERE device_code_hash = @h", transaction))
            {
                var newStatus = status == DevicePollStatus.Approved ? DeviceCodeStatuses.Consumed : record.Status;
                await update.With("@t", now).With("@i", interval).With("@st", newStatus).With("@h", hash).ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return new DevicePoll(status, record, (int)interval);
        }
    }

    private static DevicePollStatus Classify(DeviceCodeRecord record, long now, long intervalSeconds, long? lastPolled)
    {
        if (record.Status == DeviceCodeStatuses.Consumed)
        {
            return DevicePollStatus.Invalid;
        }

        if (record.ExpiresAt.ToUnixTimeMilliseconds() <= now)
        {
            return DevicePollStatus.Expired;
        }

        return record.Status switch
        {
            DeviceCodeStatuses.Denied => DevicePollStatus.Denied,
            DeviceCodeStatuses.Approved => DevicePollStatus.Approved,
            _ when lastPolled is { } last && now - last < (intervalSeconds * 1000) - (long)LoginLifetimes.PollGrace.TotalMilliseconds
                => DevicePollStatus.SlowDown,
            _ => DevicePollStatus.Pending,
        };
    }

    private async Task DeleteExpiredAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var delete = connection.Command("DELETE FROM device_codes WHERE expires_at <= @t");
        await delete.With("@t", Now).ExecuteNonQueryAsync(cancellationToken);
    }

    private static DeviceCodeRecord Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetNullableString(1),
        Scopes.Parse(reader.GetString(2)),
        reader.GetString(3),
        reader.GetNullableString(4),
        reader.GetNullableString(5),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));
}
