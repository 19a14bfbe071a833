import type { Knex } from 'knex';

export const LOCATION_POLICIES = ['off', 'ip', 'gps', 'ip_or_gps', 'ip_and_gps'] as const;
export const STAFF_ROLES = ['owner', 'manager', 'staff'] as const;

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('restaurants', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('slug').notNullable().unique();
    t.text('name').notNullable();
    t.specificType('currency', 'char(3)').notNullable();
    t.text('timezone').notNullable().defaultTo('UTC');
    t.double('latitude');
    t.double('longitude');
    t.integer('geofence_radius_m').notNullable().defaultTo(150);
    t.text('location_policy').notNullable().defaultTo('off');
    t.specificType('allowed_cidrs', 'cidr[]').notNullable().defaultTo('{}');
    // Items with this many or fewer left show as "low" (with the count) to diners.
    t.integer('low_stock_threshold').notNullable().defaultTo(5);
    // Bumped by every write a diner would see in the menu; the menu ETag is built from it.
    t.integer('menu_version').notNullable().defaultTo(1);
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table restaurants
      add constraint restaurants_slug_format check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
      add constraint restaurants_currency_format check (currency ~ '^[A-Z]{3}$'),
      add constraint restaurants_latitude_range check (latitude between -90 and 90),
      add constraint restaurants_longitude_range check (longitude between -180 and 180),
      add constraint restaurants_geofence_positive check (geofence_radius_m between 1 and 100000),
      add constraint restaurants_location_policy check (location_policy in (${list(LOCATION_POLICIES)})),
      add constraint restaurants_gps_needs_coordinates check (
        location_policy not in ('gps', 'ip_or_gps', 'ip_and_gps')
        or (latitude is not null and longitude is not null)),
      add constraint restaurants_low_stock_threshold check (low_stock_threshold >= 0)
  `);

  await knex.schema.createTable('staff_users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('restaurant_id').notNullable().references('restaurants.id').onDelete('CASCADE');
    t.text('email').notNullable();
    t.text('display_name').notNullable();
    t.text('password_hash').notNullable();
    t.text('role').notNullable();
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table staff_users
      add constraint staff_users_role check (role in (${list(STAFF_ROLES)})),
      add constraint staff_users_email_format check (email ~ '^[^@\\s]+@[^@\\s]+$')
  `);
  // Sign-in looks the address up case-insensitively; one account per address.
  await knex.raw('create unique index staff_users_email_unique on staff_users (lower(email))');
  await knex.raw('create index staff_users_restaurant on staff_users (restaurant_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('staff_users');
  await knex.schema.dropTable('restaurants');
}
