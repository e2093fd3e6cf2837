package dev.sway.query;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the inherited tests of a class on a local Redis Cluster instead of one Redis: the base
 * class's {@code @BeforeAll} reads it from the class under test (JUnit runs a superclass's static
 * {@code @BeforeAll} for every subclass, so a subclass cannot replace it).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface OnRedisCluster {}
