using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary><c>deprecation</c> and <c>intervention</c> (Reporting API §Deprecation / §Intervention reports).</summary>
public static class DeprecationFields
{
    private static readonly JsonNames Id = new("id");
    private static readonly JsonNames AnticipatedRemoval = new("anticipatedRemoval", "anticipated-removal", "anticipated_removal");

    public static void CollectDeprecation(FieldCollector fields)
    {
        CollectIntervention(fields);
        fields.Date("AnticipatedRemoval", AnticipatedRemoval);
    }

    public static void CollectIntervention(FieldCollector fields)
    {
        fields.Text("ReportId", Id);
        fields.Text("Message", CommonNames.Message);
        CommonNames.Location(fields);
    }
}
