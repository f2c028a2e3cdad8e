namespace ClusterSim.Sim.Controllers.PodAutoscaler;

/// <summary>horizontal.go timestampedRecommendation: an unstabilized replica recommendation and when it was made.</summary>
public readonly record struct TimestampedRecommendation(int Recommendation, TimeSpan Timestamp);
