using System.Globalization;
using NodaTime.Text;

namespace AutoReply.Core.Dialogs;

/// How a value a flow collected reads in a reply.
public static class FlowValues
{
    /// A stored date-time reads as "Wednesday 25 November 15:00" in the customer's language; other values as they are.
    public static string Present(string value, string language)
    {
        var parsed = LocalDateTimePattern.GeneralIso.Parse(value);
        if (parsed.Success) return parsed.Value.ToString("dddd d MMMM HH:mm", Culture(language));
        return value;
    }

    public static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(language switch { "de" => "de-DE", "fi" => "fi-FI", _ => "en-GB" });
}
