using System.Text.Json.Nodes;

namespace Tether.Bridge.Agents.Builtin;

/// <summary>
/// Decides whether a command runs without asking: in <c>bypassPermissions</c> mode, or when an allow rule for Bash came
/// back in a permission answer's <c>updatedPermissions</c>. Rules use claude's syntax: no content allows every command,
/// <c>cmd</c> allows exactly that command, <c>prefix:*</c> allows commands starting with the prefix.
/// </summary>
internal sealed class PermissionPolicy(string mode)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _allowRules = new(StringComparer.Ordinal);
    private bool _allowAllBash;
    private string _mode = mode;

    public string Mode
    {
        get
        {
            lock (_lock)
            {
                return _mode;
            }
        }
    }

    public bool TrySetMode(string mode)
    {
        if (!PermissionModes.IsKnown(mode))
        {
            return false;
        }

        lock (_lock)
        {
            _mode = mode;
        }

        return true;
    }

    public bool IsPreApproved(string command)
    {
        lock (_lock)
        {
            return _mode == PermissionModes.BypassPermissions
                || _allowAllBash
                || _allowRules.Any(rule => rule.EndsWith(":*", StringComparison.Ordinal)
                    ? command.StartsWith(rule[..^2], StringComparison.Ordinal)
                    : command == rule);
        }
    }

    /// <summary>Applies <c>updatedPermissions</c> from an allow answer; updates this agent cannot use are ignored.</summary>
    public void Apply(JsonArray? updates)
    {
        foreach (var update in (updates ?? []).OfType<JsonObject>())
        {
            switch ((string?)update["type"])
            {
                case "addRules" or "replaceRules" when (string?)update["behavior"] == "allow":
                    AddBashRules(update["rules"] as JsonArray ?? []);
                    break;
                case "setMode" when (string?)update["mode"] is { } newMode:
                    TrySetMode(newMode);
                    break;
            }
        }
    }

    private void AddBashRules(JsonArray rules)
    {
        lock (_lock)
        {
            foreach (var rule in rules.OfType<JsonObject>().Where(rule => (string?)rule["toolName"] == "Bash"))
            {
                if ((string?)rule["ruleContent"] is { Length: > 0 } content)
                {
                    _allowRules.Add(content);
                }
                else
                {
                    _allowAllBash = true;
                }
            }
        }
    }
}
