//! What the demo estate holds: its topics with their configs, and who reads what.

/// One demo topic and the configs it is created with.
pub struct DemoTopic {
    pub name: &'static str,
    pub partitions: i32,
    pub configs: &'static [(&'static str, &'static str)],
}

/// One demo consumer group and the topics it reads.
pub struct DemoGroup {
    pub group_id: &'static str,
    pub topics: &'static [&'static str],
}

const DAY_MS: &str = "86400000";

/// A small shop: orders flow to payments and shipping; page views feed analytics.
pub const TOPICS: &[DemoTopic] = &[
    DemoTopic {
        name: "shop.orders",
        partitions: 6,
        configs: &[("retention.ms", "604800000"), ("cleanup.policy", "delete")],
    },
    DemoTopic { name: "shop.payments", partitions: 3, configs: &[("retention.ms", "259200000")] },
    DemoTopic { name: "shop.shipments", partitions: 3, configs: &[("retention.ms", DAY_MS)] },
    DemoTopic {
        name: "shop.customers",
        partitions: 6,
        configs: &[("cleanup.policy", "compact"), ("retention.ms", "-1")],
    },
    DemoTopic { name: "web.pageviews", partitions: 4, configs: &[("retention.ms", "3600000")] },
];

pub const GROUPS: &[DemoGroup] = &[
    DemoGroup { group_id: "payment-service", topics: &["shop.orders"] },
    DemoGroup { group_id: "shipping-service", topics: &["shop.orders", "shop.payments"] },
    DemoGroup { group_id: "clickstream-analytics", topics: &["web.pageviews"] },
];
