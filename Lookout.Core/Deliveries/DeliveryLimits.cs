namespace Lookout.Core.Deliveries;

/// <summary>Caps that keep the work for hostile input bounded.</summary>
public sealed record DeliveryLimits
{
    public static readonly DeliveryLimits Default = new();

    /// <summary>Deepest JSON nesting accepted (reports nest 3–4 levels; 64 leaves room for odd bodies).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most reports one delivery may hold (Chromium sends at most 100 per upload).</summary>
    public int MaxReports { get; init; } = 1000;
}
