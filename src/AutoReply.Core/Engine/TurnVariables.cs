namespace AutoReply.Core.Engine;

/// The variables every reply template may use. A value is inserted as it is, never read as a template.
static class TurnVariables
{
    public static string? Common(Turn turn, string variable) => variable switch
    {
        // An unknown name renders as nothing rather than as "{name}"; templates are written to read well either way.
        "name" => FirstName(turn.Message.Sender.Name),
        _ => null,
    };

    static string FirstName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        var trimmed = name.Trim();
        var space = trimmed.IndexOf(' ');
        return space > 0 ? trimmed[..space] : trimmed;
    }
}
