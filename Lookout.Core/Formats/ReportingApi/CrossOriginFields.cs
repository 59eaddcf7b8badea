using Lookout.Core.Formats.Json;

namespace Lookout.Core.Formats.ReportingApi;

/// <summary>Cross-Origin-Embedder-Policy (<c>coep</c>) and Cross-Origin-Opener-Policy (<c>coop</c>) reports.</summary>
public static class CrossOriginFields
{
    private static readonly JsonNames EffectivePolicy = new("effectivePolicy", "effective-policy");
    private static readonly JsonNames PreviousResponseUrl = new("previousResponseURL", "previous-response-url");
    private static readonly JsonNames NextResponseUrl = new("nextResponseURL", "next-response-url");
    private static readonly JsonNames OpenerUrl = new("openerURL", "opener-url");
    private static readonly JsonNames OpenedWindowUrl = new("openedWindowURL", "opened-window-url");
    private static readonly JsonNames InitialPopupUrl = new("initialPopupURL", "initial-popup-url");
    private static readonly JsonNames OtherDocumentUrl = new("otherDocumentURL", "other-document-url");
    private static readonly JsonNames Property = new("property");

    /// <summary>COEP: which resource (blockedURL, destination) a policy blocked or would block.</summary>
    public static void CollectCoep(FieldCollector fields)
    {
        fields.Text("ViolationType", CommonNames.Type);
        fields.Text("BlockedUrl", CommonNames.BlockedUrl);
        CommonNames.NormalizedDisposition(fields);
        fields.Text("Destination", CommonNames.Destination);
    }

    /// <summary>COOP: a navigation or cross-window access the opener policy cut or would cut.</summary>
    public static void CollectCoop(FieldCollector fields)
    {
        fields.Text("ViolationType", CommonNames.Type);
        CommonNames.NormalizedDisposition(fields);
        fields.Text("EffectivePolicy", EffectivePolicy);
        fields.Text("PreviousResponseUrl", PreviousResponseUrl);
        fields.Text("NextResponseUrl", NextResponseUrl);
        fields.Text("OpenerUrl", OpenerUrl);
        fields.Text("OpenedWindowUrl", OpenedWindowUrl);
        fields.Text("InitialPopupUrl", InitialPopupUrl);
        fields.Text("OtherDocumentUrl", OtherDocumentUrl);
        fields.Text("Property", Property);
        fields.Text("Referrer", CommonNames.Referrer);
        CommonNames.Location(fields);
    }
}
