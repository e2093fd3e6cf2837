package dev.sway.model;

/**
 * What the model needs to know about whoever engaged, read before the event is applied.
 *
 * @param engagerScore the engager's own overall score 1-100, or 0 when it has none yet
 * @param givenToday reactions the engager has handed out on the event's day, this one included
 * @param pairMass decayed engagement this engager already gave this target, at the event time
 * @param reverseMass decayed engagement the target gave this engager, at the event time
 */
public record EngagerContext(
    double engagerScore, long givenToday, double pairMass, double reverseMass) {
  public static EngagerContext firstContact(double engagerScore) {
    return new EngagerContext(engagerScore, 1, 0, 0);
  }
}
