package dev.moments.server.http;

import dev.moments.server.auth.Role;
import dev.moments.server.store.PeopleStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * /api/v1/people and /api/v1/people/{id}: people with roles and their personal keys. The key is in
 * the answer of the create and of {@code POST /people/{id}/key} only; nothing shows it again.
 */
final class PeopleHandler {
  private final PeopleStore people;

  PeopleHandler(PeopleStore people) {
    this.people = people;
  }

  void create(RoutingContext ctx) {
    JsonObject body = Responses.body(ctx);
    Responses.reply(
        ctx,
        201,
        people
            .create(
                AuthHandler.caller(ctx),
                body.getString("name"),
                body.getString("email"),
                role(body))
            .map(PeopleStore.Issued::toJson));
  }

  void list(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        people
            .list()
            .map(
                list -> {
                  JsonArray json = new JsonArray();
                  list.forEach(p -> json.add(p.toJson()));
                  return new JsonObject().put("people", json);
                }));
  }

  void get(RoutingContext ctx) {
    Responses.reply(ctx, 200, people.get(Responses.id(ctx)).map(PeopleStore.Person::toJson));
  }

  void patch(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        people
            .changeRole(AuthHandler.caller(ctx), Responses.id(ctx), role(Responses.body(ctx)))
            .map(PeopleStore.Person::toJson));
  }

  void deactivate(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        people
            .deactivate(AuthHandler.caller(ctx), Responses.id(ctx))
            .map(PeopleStore.Person::toJson));
  }

  void newKey(RoutingContext ctx) {
    Responses.reply(
        ctx,
        201,
        people.newKey(AuthHandler.caller(ctx), Responses.id(ctx)).map(PeopleStore.Issued::toJson));
  }

  /** The contract's enum has checked the value already. */
  private static Role role(JsonObject body) {
    return Role.fromWire(body.getString("role")).orElseThrow();
  }
}
